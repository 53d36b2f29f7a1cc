#include "time/timeframe.hpp"

#include "time/calendar.hpp"

namespace sos::time {

std::optional<Timeframe> parse_timeframe(std::string_view s) {
    // Every candle line carries its timeframe, so this runs once a line: digits read by hand
    // (std::from_chars was a tenth of decoding a compact candle). It reads what from_chars
    // read, held so by time_test's "timeframes read as from_chars read them": a sign, or no
    // digit, never makes a timeframe; leading zeros count for nothing.
    if (s.size() < 2) return std::nullopt;
    const char unit = s.back();
    int n = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        n = n * 10 + (s[i] - '0');
        if (n > 24 * 60) return std::nullopt;  // too many for any unit (and no overflow)
    }
    if (n <= 0) return std::nullopt;
    switch (unit) {
        case 'm':
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
