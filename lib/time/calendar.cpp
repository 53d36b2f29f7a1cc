#include "time/calendar.hpp"

#include <cstdlib>
#include <vector>

#include "files/whole_file.hpp"

namespace sos::time {

extern const char* const kShippedNseCalendar;  // generated from data/nse-calendar.txt

namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t')
            ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

bool parse_hours(std::string_view s, int& open, int& close) {
    auto dash = s.find('-');
    if (dash == std::string_view::npos) return false;
    auto o = parse_clock(s.substr(0, dash));
    auto c = parse_clock(s.substr(dash + 1));
    if (!o || !c || *c <= *o) return false;
    open = *o;
    close = *c;
    return true;
}

}  // namespace

Calendar Calendar::parse(std::string_view text, std::string_view source) {
    Calendar cal;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    auto fail = [&](const std::string& why) {
        throw CalendarError(std::string(source) + ":" + std::to_string(line_no) + ": " + why);
    };
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto w = words(line);
        if (w.empty()) continue;
        if (w[0] == "zone") {
            if (w.size() != 2) fail("zone wants one offset, e.g. 'zone +05:30'");
            auto z = parse_zone(w[1]);
            if (!z) fail("zone: cannot read '" + std::string(w[1]) + "' (use +HH:MM, UTC or Asia/Kolkata)");
            cal.zone_ = *z;
        } else if (w[0] == "hours") {
            if (w.size() != 2 || !parse_hours(w[1], cal.open_s_, cal.close_s_))
                fail("hours wants HH:MM-HH:MM with the close after the open");
        } else if (auto d = parse_date(w[0])) {
            if (w.size() < 2) fail("a date needs 'holiday' or 'session HH:MM-HH:MM'");
            DayRule r;
            if (w[1] == "holiday") {
                r.closed = true;
            } else if (w[1] == "session") {
                if (w.size() < 3 || !parse_hours(w[2], r.open_s, r.close_s))
                    fail("session wants HH:MM-HH:MM with the close after the open");
            } else {
                fail("unknown day kind '" + std::string(w[1]) + "' (expected holiday or session)");
            }
            cal.rules_[days_from_civil(*d)] = r;
        } else {
            fail("cannot read '" + std::string(w[0]) + "': expected zone, hours or a YYYY-MM-DD date");
        }
    }
    return cal;
}

Calendar Calendar::load_file(const std::string& path) {
    const auto whole = files::read_whole(path, files::kDocumentLimit);
    if (!whole.ok()) throw CalendarError(path + ": calendar file: " + whole.error);
    return parse(whole.text, path);
}

Calendar Calendar::nse_default() {
    static const Calendar shipped = parse(kShippedNseCalendar, "nse-calendar.txt (built in)");
    return shipped;
}

Calendar Calendar::from_option(const std::string& path) {
    if (!path.empty()) return load_file(path);
    if (const char* env = std::getenv("SOS_CALENDAR"); env && *env) return load_file(env);
    return nse_default();
}

Calendar Calendar::always(ZoneOffset zone) {
    Calendar cal;
    cal.zone_ = zone;
    cal.open_s_ = 0;
    cal.close_s_ = 24 * 3600;
    cal.every_day_ = true;
    return cal;
}

std::optional<Session> Calendar::session(Date d) const {
    auto it = rules_.find(days_from_civil(d));
    int open = open_s_, close = close_s_;
    if (it != rules_.end()) {
        if (it->second.closed) return std::nullopt;
        open = it->second.open_s;
        close = it->second.close_s;
    } else {
        int wd = weekday(d);
        if (!every_day_ && (wd == 0 || wd == 6)) return std::nullopt;
    }
    return Session{d, zone_.at(d, open), zone_.at(d, close)};
}

std::optional<Session> Calendar::session_at(Timestamp t) const {
    auto s = session(zone_.local_date(t));
    if (!s || t < s->open || t >= s->close) return std::nullopt;
    return s;
}

Date Calendar::next_trading_day(Date d) const {
    for (int i = 1; i < 3660; ++i) {
        Date n = add_days(d, i);
        if (is_trading_day(n)) return n;
    }
    return add_days(d, 1);
}

Date Calendar::previous_trading_day(Date d) const {
    for (int i = 1; i < 3660; ++i) {
        Date p = add_days(d, -i);
        if (is_trading_day(p)) return p;
    }
    return add_days(d, -1);
}

}  // namespace sos::time
