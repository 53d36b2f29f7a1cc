// Readers of the nested parts of OpenAlgo frames (a market_data payload, a subscribe ack's
// per-symbol statuses) with simdjson on-demand values. Internal to lib/openalgo.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "event/json_fields.hpp"
#include "openalgo/frames.hpp"

namespace sos::openalgo::detail {

namespace od = simdjson::ondemand;

// Why a frame was refused; the path names the field ("data.ltp").
struct Failure {
    BadReason reason = BadReason::Invalid;
    std::string field;
    std::string detail;

    bool fail(BadReason r, std::string_view path, std::string_view why) {
        reason = r;
        field.assign(path);
        detail.assign(why);
        return false;
    }
    // The same, as a field reader's answer (-1: refused).
    int refuse(BadReason r, std::string_view path, std::string_view why) {
        fail(r, path, why);
        return -1;
    }
};

// Iterates an object's fields as event::json::each_field does (read(key, value) -> 1 used, 0
// unknown and walked, 2 unknown and skipped unchecked, -1 refused), a malformed one refused as
// not JSON. `where` names the object in failures.
template <class Read>
bool for_each_field(od::object obj, std::string_view where, Failure& f, Read read) {
    return event::json::each_field(
        obj, where, [&f](std::string_view w, std::string_view y) { return f.fail(BadReason::NotJson, w, y); },
        read);
}

using event::json::field_path;

// A market_data "data" object. `has_ltp` says whether ltp was there (it is required).
bool read_tick(od::value& data, LiveTick& tick, bool& has_ltp, Failure& f);
// A subscribe ack's "subscriptions" array.
bool read_symbol_statuses(od::value& list, std::vector<SymbolStatus>& out, std::string_view key, Failure& f);
// An unsubscribe ack's "successful" or "failed" array.
bool read_instruments(od::value& list, std::vector<Instrument>& out, std::string_view key, Failure& f);
// A number as epoch seconds or milliseconds (by magnitude), written as a number or a string;
// 0 and null mean absent.
bool read_epoch(od::value& v, std::optional<time::Timestamp>& out);
// A mode written as 1/2/3 or as its label.
bool read_mode(od::value& v, std::optional<Mode>& out);

}  // namespace sos::openalgo::detail
