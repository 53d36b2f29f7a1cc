#include "feed/synth/warmup.hpp"

namespace sos::feed {

int warmup_sessions_for(std::size_t bars, time::Timeframe tf, const time::Calendar& calendar,
                        time::Date from) {
    time::Date d = calendar.is_trading_day(from) ? from : calendar.next_trading_day(from);
    std::size_t have = 0;
    int sessions = 0;
    while (have < bars) {
        d = calendar.previous_trading_day(d);
        const auto s = calendar.session(d);
        if (!s) break;  // no trading day for ten years back: nothing more to count
        const std::int64_t length_s = (s->close.ns - s->open.ns) / 1'000'000'000;
        have += tf.daily() ? 1 : static_cast<std::size_t>((length_s + tf.seconds - 1) / tf.seconds);
        ++sessions;
    }
    return sessions;
}

}  // namespace sos::feed
