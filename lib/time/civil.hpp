// Calendar dates without a time-zone database: the proleptic Gregorian calendar and a
// fixed UTC offset. India has had one offset (+05:30) and no daylight saving since 1945,
// so a fixed offset is exact for NSE; other markets can configure theirs.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "time/timestamp.hpp"

namespace sos::time {

struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    constexpr auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 (negative before it).
std::int64_t days_from_civil(Date d);
Date civil_from_days(std::int64_t days);
// 0 = Sunday .. 6 = Saturday.
int weekday(Date d);
Date add_days(Date d, int n);

// Month names as exchanges write them in dates and symbols: "JAN".."DEC" (month 1..12).
std::string_view month_abbrev(int month);
// The month of a three-letter name in any case (JAN, Jan, jan); 0 when it is none.
int month_from_abbrev(std::string_view three_letters);

std::optional<Date> parse_date(std::string_view iso);  // YYYY-MM-DD
std::string format_date(Date d);                       // YYYY-MM-DD
// Parses HH:MM or HH:MM:SS into seconds of the day.
std::optional<int> parse_clock(std::string_view hhmm);
std::string format_clock(int seconds_of_day);  // HH:MM, or HH:MM:SS when seconds are set

// A fixed offset from UTC; Asia/Kolkata is +05:30.
struct ZoneOffset {
    int seconds = 19800;

    Date local_date(Timestamp t) const;
    int local_seconds_of_day(Timestamp t) const;
    Timestamp at(Date d, int seconds_of_day) const;
};

inline constexpr ZoneOffset kIndia{19800};

// ZoneOffset::local_date remembered for the day last asked: a stream's lines mostly fall on
// one day, and the civil-date arithmetic was a visible part of a filter's per-line cost.
class LocalDayCache {
public:
    explicit LocalDayCache(ZoneOffset zone) : zone_(zone) {}
    Date operator()(Timestamp t) {
        if (t.ns < from_ || t.ns >= to_) refill(t);
        return day_;
    }

private:
    void refill(Timestamp t);

    ZoneOffset zone_;
    std::int64_t from_ = std::numeric_limits<std::int64_t>::max();  // [from_, to_): day_ in UTC
    std::int64_t to_ = std::numeric_limits<std::int64_t>::min();
    Date day_{};
};

// Parses "+05:30", "-04:00", "UTC", "Asia/Kolkata", "IST".
std::optional<ZoneOffset> parse_zone(std::string_view text);

}  // namespace sos::time
