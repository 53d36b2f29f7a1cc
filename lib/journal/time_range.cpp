#include "journal/time_range.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "journal/sqlite.hpp"
#include "time/civil.hpp"

namespace sos::journal {

std::optional<double> parse_time_bound(std::string_view text, bool upper) {
    if (text.empty()) return std::nullopt;
    if (text.find('-') == std::string_view::npos) {
        double v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0)
            return std::nullopt;
        return v;
    }
    auto date = time::parse_date(text.substr(0, 10));
    if (!date) return std::nullopt;
    if (text.size() == 10) {
        // The whole of an upper bound's day is inside the range.
        return time::kIndia.at(upper ? time::add_days(*date, 1) : *date, 0).seconds();
    }
    if (text[10] != ' ' && text[10] != 'T') return std::nullopt;
    auto clock = time::parse_clock(text.substr(11));
    if (!clock) return std::nullopt;
    return time::kIndia.at(*date, *clock).seconds();
}

TimeRange parse_time_range(const std::string& from, const std::string& to) {
    TimeRange r;
    if (!from.empty() && !(r.from = parse_time_bound(from, false)))
        throw std::invalid_argument("--from: cannot read the time '" + from +
                                    "' (epoch seconds, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' in IST)");
    if (!to.empty() && !(r.to = parse_time_bound(to, true)))
        throw std::invalid_argument("--to: cannot read the time '" + to +
                                    "' (epoch seconds, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' in IST)");
    if (r.from && r.to && *r.to <= *r.from) throw std::invalid_argument("--to is not after --from");
    return r;
}

void bind_run_range(Statement& s, std::int64_t run_id, const TimeRange& range) {
    s.bind_int(1, run_id);
    if (range.from)
        s.bind_real(2, *range.from);
    else
        s.bind_null(2);
    if (range.to)
        s.bind_real(3, *range.to);
    else
        s.bind_null(3);
}

}  // namespace sos::journal
