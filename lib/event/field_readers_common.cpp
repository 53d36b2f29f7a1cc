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

Read timeframe(od::value& v, time::Timeframe& out, Ctx& c, std::string_view key) {
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, "not a string");
    auto tf = time::parse_timeframe(s);
    if (!tf) return c.bad(key, "not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)");
    out = *tf;
    return Read::Used;
}

}  // namespace sos::event::detail
