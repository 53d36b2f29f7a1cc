#include "time/bar_close.hpp"

namespace sos::time {

Timestamp bar_close(Timestamp open, Timeframe tf, const Calendar* calendar,
                    const std::optional<Session>* known) {
    auto close_in = [&](const Session& s) { return tf.daily() ? s.close : bar_containing(open, s, tf).end; };
    if (calendar) {
        if (known && *known && open >= (*known)->open && open < (*known)->close) return close_in(**known);
        if (auto session = calendar->session_at(open)) return close_in(*session);
    }
    return open.plus_seconds(tf.seconds);
}

}  // namespace sos::time
