#include "openalgo/frame_fields.hpp"

#include <cmath>

#include "event/json_values.hpp"

namespace sos::openalgo::detail {

namespace json = event::json;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// The first level of a depth side ({"price","quantity","orders"}); the other levels are walked.
bool read_best_level(od::value& side, event::OptNum& price, event::OptNum& qty, std::string_view where,
                     Failure& f) {
    od::array arr;
    if (side.get_array().get(arr)) return f.fail(BadReason::Invalid, where, "not an array");
    bool first = true;
    for (auto element : arr) {
        od::value level;
        if (std::move(element).get(level)) return f.fail(BadReason::NotJson, where, "malformed array");
        if (!first) continue;  // deeper levels: skipped unchecked, like other unread payload fields
        first = false;
        od::object obj;
        if (level.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "a level is not an object");
        bool ok = for_each_field(obj, where, f, [&](std::string_view key, od::value& v) {
            if (key == "price" || key == "quantity") {
                event::OptNum& out = key == "price" ? price : qty;
                return json::read_optional_number(v, out)
                           ? 1
                           : f.refuse(BadReason::Invalid, field_path(where, key), "not a number");
            }
            return 2;
        });
        if (!ok) return false;
    }
    // An empty book side is sent as a level of zeros: no quote, not a price of 0.
    if (price && *price <= 0) price.reset(), qty.reset();
    return true;
}

bool read_depth(od::value& depth, LiveTick& t, Failure& f) {
    od::object obj;
    if (depth.get_object().get(obj)) return f.fail(BadReason::Invalid, "data.depth", "not an object");
    return for_each_field(obj, "data.depth", f, [&](std::string_view key, od::value& v) {
        if (key == "buy") return read_best_level(v, t.bid, t.bid_qty, "data.depth.buy", f) ? 1 : -1;
        if (key == "sell") return read_best_level(v, t.ask, t.ask_qty, "data.depth.sell", f) ? 1 : -1;
        return 2;
    });
}

event::OptNum* tick_number(std::string_view key, LiveTick& t, event::OptNum (&flat)[4]) {
    if (key == "volume") return &t.volume;
    if (key == "oi") return &t.oi;
    if (key == "bid") return &flat[0];
    if (key == "ask") return &flat[1];
    if (key == "bid_qty") return &flat[2];
    if (key == "ask_qty") return &flat[3];
    if (key == "last_quantity" || key == "last_trade_quantity") return &t.last_qty;
    return nullptr;
}

}  // namespace

bool read_epoch(od::value& v, std::optional<time::Timestamp>& out) {
    // Whole seconds or milliseconds are what adapters send: read without going through text.
    // A failed get_uint64 leaves the value unconsumed for the general path below.
    std::uint64_t whole;
    if (!v.get_uint64().get(whole)) {
        if (whole == 0) {
            out.reset();
            return true;
        }
        // Above 1e11 is milliseconds (time::parse_epoch's rule); beyond the year 2255 is refused.
        if (whole < 100'000'000'000ULL) {
            if (whole > 9'000'000'000ULL) return false;
            out = time::Timestamp::from_seconds(static_cast<std::int64_t>(whole));
        } else {
            if (whole > 9'000'000'000'000ULL) return false;
            out = time::Timestamp{static_cast<std::int64_t>(whole) * 1'000'000};
        }
        return true;
    }
    od::json_type type;
    if (v.type().get(type)) return false;
    std::string_view text;
    if (type == od::json_type::null) {
        out.reset();
        return json::is_null(v);
    }
    if (type == od::json_type::number) {
        text = trim(v.raw_json_token());
        double check;
        if (v.get_double().get(check)) return false;
        if (check == 0) {
            out.reset();
            return true;
        }
    } else if (type == od::json_type::string) {
        if (v.get_string().get(text)) return false;
        if (text.empty() || text == "0") {
            out.reset();
            return true;
        }
    } else {
        return false;
    }
    out = time::parse_epoch(text);
    return out.has_value();
}

bool read_mode(od::value& v, std::optional<Mode>& out) {
    std::int64_t n;
    if (!v.get_int64().get(n)) {
        if (n < 1 || n > 3) return false;
        out = static_cast<Mode>(n);
        return true;
    }
    std::string_view text;
    if (!json::read_text(v, text)) return false;
    out = parse_mode(text);
    return out.has_value();
}

bool read_tick(od::value& data, LiveTick& t, bool& has_ltp, Failure& f) {
    t = LiveTick{};
    has_ltp = false;
    od::object obj;
    if (data.get_object().get(obj)) return f.fail(BadReason::Invalid, "data", "not an object");
    event::OptNum flat[4];  // bid, ask, bid_qty, ask_qty written as fields: they win over depth
    bool ok = for_each_field(obj, "data", f, [&](std::string_view key, od::value& v) {
        if (key == "ltp") {
            if (!json::read_number(v, t.ltp) || !std::isfinite(t.ltp))
                return f.fail(BadReason::Invalid, "data.ltp", "not a number") ? 1 : -1;
            has_ltp = true;
            return 1;
        }
        if (key == "ltt")
            return read_epoch(v, t.ltt) ? 1 : f.refuse(BadReason::Invalid, "data.ltt", "not an epoch time");
        if (key == "timestamp")
            return read_epoch(v, t.adapter_time)
                       ? 1
                       : f.refuse(BadReason::Invalid, "data.timestamp", "not an epoch time");
        if (key == "depth") return read_depth(v, t, f) ? 1 : -1;
        if (event::OptNum* slot = tick_number(key, t, flat)) {
            if (!json::read_optional_number(v, *slot))
                return f.refuse(BadReason::Invalid, field_path("data", key), "not a number");
            return 1;
        }
        return 2;  // a field sos does not read: skipped, not checked (a market_data frame has a dozen)
    });
    if (!ok) return false;
    if (flat[0] && *flat[0] > 0) t.bid = flat[0];
    if (flat[1] && *flat[1] > 0) t.ask = flat[1];
    if (flat[2]) t.bid_qty = flat[2];
    if (flat[3]) t.ask_qty = flat[3];
    return true;
}

namespace {

std::string element_path(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

bool read_status(od::value& element, SymbolStatus& s, const std::string& where, Failure& f) {
    od::object obj;
    if (element.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "not an object");
    return for_each_field(obj, where, f, [&](std::string_view key, od::value& v) {
        std::string_view text;
        if (key == "symbol" || key == "exchange" || key == "status" || key == "message") {
            if (!json::read_text(v, text))
                return f.refuse(BadReason::Invalid, field_path(where, key), "not a string");
            if (key == "symbol") s.symbol.assign(text);
            if (key == "exchange") s.exchange.assign(text);
            if (key == "status") s.ok = text == "success";
            if (key == "message") s.message.assign(text);
            return 1;
        }
        if (key == "mode")
            return read_mode(v, s.mode) ? 1
                                        : f.refuse(BadReason::Invalid, field_path(where, key), "not a mode");
        if (key == "depth") {
            std::int64_t n;
            if (!json::read_integer(v, n) || n < 0 || n > 1000)
                return f.refuse(BadReason::Invalid, field_path(where, key), "not a depth level");
            s.depth = static_cast<int>(n);
            return 1;
        }
        return 0;
    });
}

}  // namespace

bool read_symbol_statuses(od::value& list, std::vector<SymbolStatus>& out, std::string_view key, Failure& f) {
    out.clear();
    od::array arr;
    if (list.get_array().get(arr)) return f.fail(BadReason::Invalid, key, "not an array");
    for (auto element : arr) {
        od::value v;
        if (std::move(element).get(v)) return f.fail(BadReason::NotJson, key, "malformed array");
        out.emplace_back();
        if (!read_status(v, out.back(), element_path(key, out.size() - 1), f)) return false;
    }
    return true;
}

bool read_instruments(od::value& list, std::vector<Instrument>& out, std::string_view key, Failure& f) {
    out.clear();
    od::array arr;
    if (list.get_array().get(arr)) return f.fail(BadReason::Invalid, key, "not an array");
    for (auto element : arr) {
        od::value v;
        if (std::move(element).get(v)) return f.fail(BadReason::NotJson, key, "malformed array");
        std::string where = element_path(key, out.size());
        od::object obj;
        if (v.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "not an object");
        Instrument& in = out.emplace_back();
        bool ok = for_each_field(obj, where, f, [&](std::string_view k, od::value& fv) {
            if (k != "symbol" && k != "exchange") return 0;
            std::string_view text;
            if (!json::read_text(fv, text))
                return f.refuse(BadReason::Invalid, field_path(where, k), "not a string");
            (k == "symbol" ? in.symbol : in.exchange).assign(text);
            return 1;
        });
        if (!ok) return false;
    }
    return true;
}

}  // namespace sos::openalgo::detail
