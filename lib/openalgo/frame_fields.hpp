// Readers of the nested parts of OpenAlgo frames (a market_data payload, a subscribe ack's
// per-symbol statuses) with simdjson on-demand values. Internal to lib/openalgo.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

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

// Iterates an object's fields, calling read(key, value) -> 1 used, 0 unknown (walked to check
// it is well-formed), 2 unknown and skipped unchecked (simdjson's first stage has checked the
// frame's structure and strings, not the spelling of numbers and literals), -1 refused (f
// already says why). `where` names the object in failures.
template <class Read>
bool for_each_field(od::object obj, std::string_view where, Failure& f, Read read);

// "where.key", or "key" at the top.
std::string path(std::string_view where, std::string_view key);

// A market_data "data" object. `has_ltp` says whether ltp was there (it is required).
bool read_tick(od::value& data, LiveTick& tick, bool& has_ltp, Failure& f);
// A subscribe ack's "subscriptions" array.
bool read_symbol_statuses(od::value& list, std::vector<SymbolStatus>& out, std::string_view key, Failure& f);
// An unsubscribe ack's "successful" or "failed" array.
bool read_instruments(od::value& list, std::vector<Instrument>& out, std::string_view key, Failure& f);
bool field_key(od::field& f, std::string_view& key);  // event::json::field_key
// A number as epoch seconds or milliseconds (by magnitude), written as a number or a string;
// 0 and null mean absent.
bool read_epoch(od::value& v, std::optional<time::Timestamp>& out);
// A mode written as 1/2/3 or as its label.
bool read_mode(od::value& v, std::optional<Mode>& out);

bool walk_value(od::value& v);  // event::json::walk without output

template <class Read>
bool for_each_field(od::object obj, std::string_view where, Failure& f, Read read) {
    for (auto fr : obj) {
        if (fr.error()) return f.fail(BadReason::NotJson, where, "malformed object");
        od::field& field = fr.value_unsafe();
        std::string_view key;
        if (!field_key(field, key)) return f.fail(BadReason::NotJson, where, "malformed key");
        od::value& v = field.value();
        int r = read(key, v);
        if (r < 0) return false;
        if (r == 0 && !walk_value(v)) return f.fail(BadReason::NotJson, path(where, key), "malformed value");
    }
    return true;
}

}  // namespace sos::openalgo::detail
