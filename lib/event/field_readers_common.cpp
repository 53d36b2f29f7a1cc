#include "event/field_readers.hpp"

namespace sos::event::detail {

// Numbers written as strings are accepted, but the line is then not in canonical form.
Read num(od::value& v, double& out, Ctx& c, std::string_view key) {
    return json::read_number(v, out, &c.alias) ? Read::Used : c.bad(key, "not a finite number");
}

Read opt_num(od::value& v, OptNum& out, Ctx& c, std::string_view key) {
    // Numbers first: a chain line has hundreds of them and rarely a null.
    double d;
    if (*v.raw_json_token().data() != 'n') {
        if (!json::read_number(v, d, &c.alias)) return c.bad(key, "not a finite number or null");
        out = d;
        return Read::Used;
    }
    if (!json::is_null(v)) return c.bad(key, "not a finite number or null");
    out.reset();
    return Read::Used;
}

Read integer(od::value& v, std::int64_t& out, Ctx& c, std::string_view key) {
    return json::read_integer(v, out) ? Read::Used : c.bad(key, "not a whole number");
}

Read str(od::value& v, std::string& out, Ctx& c, std::string_view key) {
    return json::read_string(v, out) ? Read::Used : c.bad(key, "not a string");
}

Read regime_any_case(od::value& v, std::optional<vocab::Regime>& out, Ctx& c, std::string_view key,
                     bool may_be_absent) {
    if (json::is_null(v)) {
        if (!may_be_absent) return c.bad(key, "not a string");
        out.reset();
        return Read::Used;
    }
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, may_be_absent ? "not a string or null" : "not a string");
    std::string up(s);
    for (auto& ch : up)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (up != s) c.alias = true;
    if (may_be_absent && (up.empty() || up == "UNKNOWN")) {
        out.reset();  // the bridge's "no regime"
        c.alias = true;
        return Read::Used;
    }
    out = vocab::parse<vocab::Regime>(up);
    return out ? Read::Used : c.bad(key, "'" + up + "' is not a regime");
}

Read regime_or_null(od::value& v, std::optional<vocab::Regime>& out, Ctx& c, std::string_view key) {
    if (json::is_null(v)) {
        out.reset();
        return Read::Used;
    }
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, "not a string or null");
    out = vocab::parse<vocab::Regime>(s);
    return out ? Read::Used : c.bad(key, "'" + std::string(s) + "' is not a regime");
}

Read timeframe(od::value& v, time::Timeframe& out, Ctx& c, std::string_view key) {
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, "not a string");
    auto tf = time::parse_timeframe(s);
    if (!tf) return c.bad(key, "not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)");
    out = *tf;
    return Read::Used;
}

}  // namespace sos::event::detail
