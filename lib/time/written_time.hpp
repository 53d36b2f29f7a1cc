// Times as people and vendors write them (CSV files, command lines): epoch seconds or milliseconds; ISO 8601
// ("2024-01-08 09:15:00", "2024-01-08T09:15:00+05:30", fractions allowed); dates as
// 2024-01-08, 20240108, 08-01-2024, 08/01/2024, 08-Jan-2024; times as 09:15, 09:15:00, 0915,
// 091500. A time without a zone is local to `zone` (Indian data: +05:30). Day-first, as in
// India, when the year comes last.
#pragma once

#include <optional>
#include <string_view>

#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::time {

struct WrittenTime {
    Timestamp t;
    bool has_time = true;  // false for a bare date (daily data)
};

std::optional<Date> parse_written_date(std::string_view s);
// Seconds of the day (fractions dropped to nanoseconds in `nanos`).
std::optional<int> parse_written_clock(std::string_view s, std::int64_t& nanos);
std::optional<WrittenTime> parse_written_time(std::string_view s, ZoneOffset zone);
std::optional<WrittenTime> parse_written_date_and_clock(std::string_view date, std::string_view clock,
                                                        ZoneOffset zone);

}  // namespace sos::time
