// Trading sessions: which local dates trade, and from when to when. Read from a plain text
// file the user can keep current (holidays move, special sessions are announced late);
// sos ships data/nse-calendar.txt and compiles it in as the default.
//
// File format, one directive per line, '#' starts a comment:
//   zone +05:30                       the exchange's UTC offset (default Asia/Kolkata)
//   hours 09:15-15:30                 the regular session, Monday to Friday
//   2024-03-25 holiday Holi           no session that day
//   2024-11-01 session 18:00-19:00 Muhurat trading    a special (or weekend) session
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::time {

struct Session {
    Date date;
    Timestamp open;
    Timestamp close;  // exclusive: a tick at 15:30:00 is after the session
};

class CalendarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Calendar {
public:
    // The shipped NSE calendar, compiled into every binary.
    static Calendar nse_default();
    // Throws CalendarError naming "file:line: reason".
    static Calendar parse(std::string_view text, std::string_view source_name);
    static Calendar load_file(const std::string& path);
    // --calendar FILE if given, else $SOS_CALENDAR, else the shipped default.
    static Calendar from_option(const std::string& path_or_empty);
    // Every day trades, 00:00 to 24:00 local time (sos-feed live --session always: tests and
    // 24-hour markets). Bars are anchored at local midnight.
    static Calendar always(ZoneOffset zone = kIndia);

    std::optional<Session> session(Date d) const;
    // The session whose [open, close) contains t.
    std::optional<Session> session_at(Timestamp t) const;
    bool is_trading_day(Date d) const { return session(d).has_value(); }
    Date next_trading_day(Date d) const;
    Date previous_trading_day(Date d) const;
    ZoneOffset zone() const { return zone_; }
    Date local_date(Timestamp t) const { return zone_.local_date(t); }

private:
    struct DayRule {
        bool closed = false;
        int open_s = 0;
        int close_s = 0;
    };
    ZoneOffset zone_ = kIndia;
    int open_s_ = 9 * 3600 + 15 * 60;
    int close_s_ = 15 * 3600 + 30 * 60;
    bool every_day_ = false;                           // weekends trade too
    std::unordered_map<std::int64_t, DayRule> rules_;  // by days_from_civil
};

}  // namespace sos::time
