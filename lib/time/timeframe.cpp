#include "time/timeframe.hpp"

#include <charconv>

#include "time/calendar.hpp"

namespace sos::time {

std::optional<Timeframe> parse_timeframe(std::string_view s) {
    if (s.size() < 2) return std::nullopt;
    char unit = s.back();
    std::string_view digits = s.substr(0, s.size() - 1);
    int n = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || n <= 0) return std::nullopt;
    switch (unit) {
        case 'm':
            if (n > 24 * 60) return std::nullopt;
            return Timeframe{n * 60};
        case 'h':
            if (n > 24) return std::nullopt;
            return Timeframe{n * 3600};
        case 'd':
            if (n != 1) return std::nullopt;
            return kDaily;
        default:
            return std::nullopt;
    }
}

std::string to_string(Timeframe tf) {
    if (tf.daily()) return "1d";
    if (tf.seconds % 3600 == 0) return std::to_string(tf.seconds / 3600) + "h";
    return std::to_string(tf.seconds / 60) + "m";
}

BarSpan bar_containing(Timestamp t, const Session& s, Timeframe tf) {
    if (tf.daily()) return BarSpan{s.open, s.close};
    const std::int64_t step = static_cast<std::int64_t>(tf.seconds) * kNanosPerSecond;
    std::int64_t k = (t.ns - s.open.ns) / step;
    Timestamp start{s.open.ns + k * step};
    Timestamp end{start.ns + step};
    if (end > s.close) end = s.close;
    return BarSpan{start, end};
}

}  // namespace sos::time
