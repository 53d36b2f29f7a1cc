// Bar timeframes ("1m", "5m", "1h", "1d") and where a bar of each starts and ends inside a
// session. Intraday bars are anchored at the session open (09:15 for NSE, so 5m bars open at
// 09:15, 09:20, ...) and the last bar is cut at the close (the 1h bar opening 15:15 ends 15:30).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "time/timestamp.hpp"

namespace sos::time {

struct Session;

struct Timeframe {
    int seconds = 60;  // 86400 marks a daily bar (one per session, whatever its length)

    bool daily() const { return seconds == 86400; }
    bool operator==(const Timeframe&) const = default;
    auto operator<=>(const Timeframe&) const = default;
};

inline constexpr Timeframe kOneMinute{60};
inline constexpr Timeframe kDaily{86400};

// Accepts Nm (N minutes), Nh, 1d; 60m and 1h are the same timeframe.
std::optional<Timeframe> parse_timeframe(std::string_view s);
std::string to_string(Timeframe tf);

struct BarSpan {
    Timestamp start;  // open time of the bar (the candle's timestamp)
    Timestamp end;    // close time (exclusive)
};

// The bar of `tf` containing t, which must lie in [session.open, session.close).
BarSpan bar_containing(Timestamp t, const Session& session, Timeframe tf);

}  // namespace sos::time
