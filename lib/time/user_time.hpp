// A time a user gives on a command line (sos-feed --start/--end, sos-journal --from/--to), read
// one way by every tool:
//   epoch seconds or milliseconds: 1704685500, 1704685500.25, 1704685500000;
//   a date: 2024-01-08, 20240108, 08-01-2024, 08/01/2024, 08-Jan-2024 (day first when the
//   year comes last, as in India);
//   a date and a time: '2024-01-08 09:15', 2024-01-08T09:15:30, fractions of a second, 24:00;
//   with a zone at the end: 2024-01-08T03:45:00Z, +05:30, +0530.
// Dates and times without a zone are in `zone` (the exchange's: IST on NSE). A bare date that
// ends a range means the end of that day, so a range from 2024-01-08 to 2024-01-08 is that day.
#pragma once

#include <optional>
#include <string_view>

#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::time {

enum class TimeBound { Start, End };

std::optional<Timestamp> parse_user_time(std::string_view text, ZoneOffset zone, TimeBound bound);

// For messages: what parse_user_time reads, in brief.
inline constexpr const char* kUserTimeForms =
    "epoch seconds, YYYY-MM-DD or 'YYYY-MM-DD HH:MM[:SS]' in exchange time, or with a zone";

}  // namespace sos::time
