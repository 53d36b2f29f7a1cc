// /history: {"status":"success","data":[{"timestamp":<epoch
// s>,"open","high","low","close","volume","oi"},..]}. A row that cannot be used is left out and named; the
// others are kept.
#include <cmath>

#include "openalgo/rest_answer.hpp"

namespace sos::openalgo {

namespace od = simdjson::ondemand;
using detail::Failure;
namespace json = event::json;

namespace {

// Why a row cannot be a bar, or empty. The checks are the contract's for a CANDLE.
std::string row_problem(const HistoryRow& r, bool has_t, const bool (&has)[5]) {
    static constexpr const char* kNames[] = {"open", "high", "low", "close", "volume"};
    if (!has_t) return "field 'timestamp': missing or not an epoch time";
    for (int i = 0; i < 5; ++i)
        if (!has[i]) return std::string("field '") + kNames[i] + "': missing or not a number";
    if (r.h < r.l) return "high < low";
    if (r.o < r.l || r.o > r.h || r.c < r.l || r.c > r.h) return "open or close outside [low, high]";
    if (r.v < 0) return "negative volume";
    return {};
}

// One row. Never stops the array's iteration: an unreadable value is walked past and the row
// is marked bad, so the rows after it are still read.
bool read_row(od::value& v, HistoryRow& row, std::string& problem, Failure& f, const std::string& where) {
    od::object obj;
    if (v.get_object().get(obj)) {
        problem = "not an object";
        return json::walk(v, nullptr) || f.fail(BadReason::NotJson, where, "malformed value");
    }
    bool has_t = false;
    bool has[5] = {};
    double* slots[5] = {&row.o, &row.h, &row.l, &row.c, &row.v};
    static constexpr std::string_view kKeys[] = {"open", "high", "low", "close", "volume"};
    bool ok = detail::for_each_field(obj, where, f, [&](std::string_view key, od::value& fv) {
        // A scalar is read (and so consumed) whether or not it makes sense; anything else is
        // left to be walked, which checks it is well-formed.
        od::json_type t;
        if (fv.type().get(t) || t == od::json_type::object || t == od::json_type::array) return 0;
        if (key == "timestamp") {
            std::optional<time::Timestamp> ts;
            has_t = detail::read_epoch(fv, ts) && ts;
            if (has_t) row.t = *ts;
            return 1;
        }
        if (key == "oi") {
            if (!json::read_optional_number(fv, row.oi)) row.oi.reset();
            return 1;
        }
        for (int i = 0; i < 5; ++i)
            if (key == kKeys[i]) {
                has[i] = json::read_number(fv, *slots[i]) && std::isfinite(*slots[i]);
                return 1;
            }
        return 0;
    });
    if (!ok) return false;
    problem = row_problem(row, has_t, has);
    return true;
}

}  // namespace

RestResult<HistoryAnswer> parse_history(int http_status, std::string_view body) {
    return detail::read_answer<HistoryAnswer>(
        http_status, body, "data", [](std::string_view key, od::value& v, HistoryAnswer& out, Failure& f) {
            if (key != "data") return 0;
            od::array arr;
            if (v.get_array().get(arr)) return detail::refuse(f, key, "not an array");
            std::size_t i = 0;
            std::string problem;
            for (auto element : arr) {
                od::value ev;
                if (std::move(element).get(ev)) return f.refuse(BadReason::NotJson, key, "malformed array");
                std::string where = "data[" + std::to_string(i++) + "]";
                HistoryRow row;
                if (!read_row(ev, row, problem, f, where)) return -1;
                if (problem.empty())
                    out.rows.push_back(row);
                else
                    out.bad_rows.push_back(where + ": " + problem);
            }
            return 1;
        });
}

}  // namespace sos::openalgo
