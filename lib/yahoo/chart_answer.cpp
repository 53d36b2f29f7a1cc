#include "yahoo/chart_answer.hpp"

#include <simdjson.h>

#include "event/json_fields.hpp"
#include "event/json_values.hpp"

namespace sos::yahoo {

namespace od = simdjson::ondemand;
namespace json = event::json;
using json::each_element;
using json::each_field;
using json::Refusal;

namespace {

int text_field(od::value& v, std::string& out, std::string_view where, Refusal& f) {
    if (json::is_null(v)) return 1;
    return json::read_string(v, out) ? 1 : f.refuse(where, "not a string");
}

struct Columns {
    std::vector<std::optional<time::Timestamp>> t;
    std::vector<event::OptNum> col[5];  // open high low close volume
    bool has[5] = {};
    bool has_t = false;
};

constexpr std::string_view kColumns[] = {"open", "high", "low", "close", "volume"};

bool read_numbers(od::value& v, std::vector<event::OptNum>& out, std::string_view where, Refusal& f) {
    return each_element(v, where, f, [&](std::size_t i, od::value& ev) {
        event::OptNum n;
        if (!json::read_optional_number(ev, n))
            return f.fail(json::element_path(where, i), "not a number or null");
        out.push_back(n);
        return true;
    });
}

bool read_times(od::value& v, std::vector<std::optional<time::Timestamp>>& out, Refusal& f) {
    return each_element(v, "timestamp", f, [&](std::size_t i, od::value& ev) {
        if (json::is_null(ev)) {
            out.emplace_back();
            return true;
        }
        time::Timestamp t;
        if (!json::read_timestamp(ev, t) || t.ns <= 0)
            return f.fail(json::element_path("timestamp", i), "not an epoch time");
        out.push_back(t);
        return true;
    });
}

bool read_quote(od::value& v, Columns& c, Refusal& f) {
    return each_element(v, "indicators.quote", f, [&](std::size_t i, od::value& ev) {
        if (i > 0)
            return json::walk(ev, nullptr) ||
                   f.fail(json::element_path("indicators.quote", i), "malformed value");
        std::string where = json::element_path("indicators.quote", 0);
        return each_field(ev, where, f, [&](std::string_view key, od::value& fv) {
            for (int k = 0; k < 5; ++k)
                if (key == kColumns[k]) {
                    c.has[k] = true;
                    return read_numbers(fv, c.col[k], json::field_path(where, key), f) ? 1 : -1;
                }
            return 0;
        });
    });
}

std::optional<TradingPeriod> period_of(od::value& v, std::string_view where, Refusal& f, bool& ok) {
    TradingPeriod p;
    bool has_start = false, has_end = false;
    ok = each_field(v, where, f, [&](std::string_view key, od::value& fv) {
        if (key != "start" && key != "end") return 0;
        time::Timestamp t;
        if (!json::read_timestamp(fv, t)) return f.refuse(json::field_path(where, key), "not an epoch time");
        (key == "start" ? p.start : p.end) = t;
        (key == "start" ? has_start : has_end) = true;
        return 1;
    });
    if (ok && has_start && has_end && p.end > p.start) return p;
    return std::nullopt;
}

int meta_field(std::string_view key, od::value& v, ChartMeta& m, Refusal& f) {
    std::string where = json::field_path("meta", key);
    if (key == "symbol") return text_field(v, m.symbol, where, f);
    if (key == "currency") return text_field(v, m.currency, where, f);
    if (key == "instrumentType") return text_field(v, m.instrument_type, where, f);
    if (key == "exchangeTimezoneName") return text_field(v, m.exchange_timezone_name, where, f);
    if (key == "dataGranularity") return text_field(v, m.data_granularity, where, f);
    if (key == "gmtoffset" || key == "priceHint") {
        if (json::is_null(v)) return 1;
        std::int64_t n;
        if (!json::read_integer(v, n) || n < -86400 || n > 86400)
            return f.refuse(where, "not a whole number");
        if (key == "gmtoffset")
            m.gmtoffset_s = n;
        else if (n >= 0 && n <= 8)
            m.price_hint = static_cast<int>(n);
        return 1;
    }
    if (key == "regularMarketTime") {
        if (json::is_null(v)) return 1;
        time::Timestamp t;
        if (!json::read_timestamp(v, t)) return f.refuse(where, "not an epoch time");
        m.regular_market_time = t;
        return 1;
    }
    if (key == "regularMarketPrice")
        return json::read_optional_number(v, m.regular_market_price) ? 1 : f.refuse(where, "not a number");
    if (key == "currentTradingPeriod") {
        if (json::is_null(v)) return 1;
        bool ok = each_field(v, where, f, [&](std::string_view k2, od::value& pv) {
            if (k2 != "regular") return 0;
            bool period_ok = true;
            m.regular = period_of(pv, json::field_path(where, k2), f, period_ok);
            return period_ok ? 1 : -1;
        });
        return ok ? 1 : -1;
    }
    return 0;
}

// One element of chart.result (only the first is read: one symbol was asked for).
bool read_result(od::value& v, ChartMeta& meta, Columns& c, Refusal& f) {
    return each_field(v, "", f, [&](std::string_view key, od::value& fv) {
        if (key == "meta")
            return each_field(fv, "meta", f,
                              [&](std::string_view k, od::value& mv) { return meta_field(k, mv, meta, f); })
                       ? 1
                       : -1;
        if (key == "timestamp") {
            if (json::is_null(fv)) return 1;
            c.has_t = true;
            return read_times(fv, c.t, f) ? 1 : -1;
        }
        if (key == "indicators")
            return each_field(fv, "indicators", f,
                              [&](std::string_view k, od::value& iv) {
                                  if (k != "quote") return 0;
                                  return read_quote(iv, c, f) ? 1 : -1;
                              })
                       ? 1
                       : -1;
        return 0;
    });
}

struct Parsed {
    bool has_result = false;  // a non-empty chart.result
    bool has_error = false;   // chart.error or finance.error, not null
    std::string code, description;
    ChartMeta meta;
    Columns columns;
};

int read_error(od::value& v, Parsed& p, std::string_view where, Refusal& f) {
    if (json::is_null(v)) return 1;
    p.has_error = true;
    bool ok = each_field(v, where, f, [&](std::string_view key, od::value& ev) {
        if (key == "code") return text_field(ev, p.code, json::field_path(where, key), f);
        if (key == "description") return text_field(ev, p.description, json::field_path(where, key), f);
        return 0;
    });
    return ok ? 1 : -1;
}

// {"chart": {...}} or {"finance": {...}}.
bool read_envelope(od::value& top, Parsed& p, Refusal& f) {
    return each_field(top, "", f, [&](std::string_view key, od::value& v) {
        if (key != "chart" && key != "finance") return 0;
        bool ok = each_field(v, key, f, [&](std::string_view k, od::value& cv) {
            std::string where = json::field_path(key, k);
            if (k == "error") return read_error(cv, p, where, f);
            if (k != "result") return 0;
            if (json::is_null(cv)) return 1;
            bool read = each_element(cv, where, f, [&](std::size_t i, od::value& rv) {
                if (i > 0)
                    return json::walk(rv, nullptr) || f.fail(json::element_path(where, i), "malformed value");
                p.has_result = true;
                return read_result(rv, p.meta, p.columns, f);
            });
            return read ? 1 : -1;
        });
        return ok ? 1 : -1;
    });
}

bool read_body(std::string_view body, Parsed& p, Refusal& f) {
    static thread_local od::parser parser;
    simdjson::padded_string padded(body);
    od::document doc;
    if (auto err = parser.iterate(padded).get(doc)) return f.fail("", simdjson::error_message(err));
    od::value top;
    if (doc.get_value().get(top)) return f.fail("", "not JSON");
    if (!read_envelope(top, p, f)) return false;
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return f.fail("", "text after the object");
    return true;
}

// The rows, once every column has one value per timestamp.
bool rows_of(const Columns& c, std::vector<ChartRow>& rows, Refusal& f) {
    const std::size_t n = c.t.size();
    for (int k = 0; k < 5; ++k) {
        if (!c.has[k]) {
            if (k < 4 && n > 0)
                return f.fail(json::field_path("indicators.quote[0]", kColumns[k]), "missing");
            continue;
        }
        if (c.col[k].size() != n)
            return f.fail(
                json::field_path("indicators.quote[0]", kColumns[k]),
                std::to_string(c.col[k].size()) + " values for " + std::to_string(n) + " timestamps");
    }
    rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        ChartRow& r = rows[i];
        r.t = c.t[i];
        event::OptNum* slots[5] = {&r.o, &r.h, &r.l, &r.c, &r.v};
        for (int k = 0; k < 5; ++k)
            if (c.has[k]) *slots[k] = c.col[k][i];
    }
    return true;
}

ChartErrorKind kind_for_status(int http) {
    switch (http) {
        case 400:
        case 422:
            return ChartErrorKind::Refused;
        case 401:
        case 403:
            return ChartErrorKind::Unauthorized;
        case 404:
            return ChartErrorKind::NotFound;
        case 429:
            return ChartErrorKind::RateLimited;
        default:
            return http >= 500 && http <= 599 ? ChartErrorKind::ServerFault : ChartErrorKind::Other;
    }
}

ChartErrorKind kind_for_code(std::string_view code) {
    if (code == "Not Found") return ChartErrorKind::NotFound;
    if (code == "Bad Request" || code == "Unprocessable Entity") return ChartErrorKind::Refused;
    if (code == "Unauthorized") return ChartErrorKind::Unauthorized;
    return ChartErrorKind::Other;
}

// A body that is not JSON (a proxy's page, "Too Many Requests"): its first line, printable
// and short, so a message never carries a page of HTML.
std::string first_line(std::string_view body) {
    std::string out;
    for (char ch : body) {
        if (ch == '\n' || ch == '\r' || out.size() >= 160) break;
        out.push_back(ch >= ' ' && ch < 127 ? ch : '?');
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string failure_text(const Refusal& f) {
    return f.where.empty() ? f.why : "field '" + f.where + "': " + f.why;
}

}  // namespace

std::string ChartError::describe() const {
    static constexpr std::string_view kWords[] = {"not found",    "refused",   "unauthorized", "rate limited",
                                                  "server fault", "malformed", "error"};
    std::string out =
        "HTTP " + std::to_string(http_status) + " (" + std::string(kWords[static_cast<int>(kind)]) + ")";
    if (!message.empty()) out += ": " + message;
    return out;
}

ChartResult parse_chart(int http_status, std::string_view body) {
    ChartResult result;
    Parsed p;
    Refusal f;
    bool readable = read_body(body, p, f);
    if (http_status == 200 && readable && !p.has_error && p.has_result) {
        ChartAnswer answer;
        answer.meta = std::move(p.meta);
        if (rows_of(p.columns, answer.rows, f)) {
            result.value = std::move(answer);
            return result;
        }
        readable = false;
    }
    ChartError& e = result.error;
    e.http_status = http_status;
    if (readable && p.has_error) {
        e.kind = http_status != 200 ? kind_for_status(http_status) : kind_for_code(p.code);
        e.code = p.code;
        e.message = p.description.empty() ? p.code : p.description;
    } else if (http_status != 200) {
        e.kind = kind_for_status(http_status);
        e.message = readable ? "" : first_line(body);
    } else {
        e.kind = ChartErrorKind::Malformed;
        e.message = readable ? "no chart result in the answer" : "not a chart answer: " + failure_text(f);
    }
    return result;
}

}  // namespace sos::yahoo
