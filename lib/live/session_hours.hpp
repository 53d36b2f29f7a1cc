// When a feed is expected to speak: the calendar's sessions (so nothing is watched at night,
// on weekends or on holidays), or always (--session always: tests and 24-hour markets).
#pragma once

#include <optional>

#include "time/calendar.hpp"

namespace sos::live {

class SessionHours {
public:
    // The calendar must outlive this.
    static SessionHours of(const time::Calendar& calendar) { return SessionHours(&calendar); }
    static SessionHours always() { return SessionHours(nullptr); }

    // The time the session containing `t` opened, or nothing when `t` is outside every
    // session. Always-open hours have no opening: the earliest time there is.
    std::optional<time::Timestamp> opened(time::Timestamp t) const {
        if (!calendar_) return time::Timestamp{INT64_MIN};
        auto s = calendar_->session_at(t);
        if (!s) return std::nullopt;
        return s->open;
    }
    bool open_at(time::Timestamp t) const { return opened(t).has_value(); }
    bool always_open() const { return calendar_ == nullptr; }

private:
    explicit SessionHours(const time::Calendar* calendar) : calendar_(calendar) {}
    const time::Calendar* calendar_;
};

}  // namespace sos::live
