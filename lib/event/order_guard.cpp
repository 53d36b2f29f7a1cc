#include "event/order_guard.hpp"

#include "time/timeframe.hpp"

namespace sos::event {

std::optional<std::string> OrderGuard::check(const Event& e) {
    if (e.env.kind != Kind::Candle && e.env.kind != Kind::Tick) return std::nullopt;
    if (!e.env.timestamp) return std::nullopt;
    return check_series(e, static_cast<std::size_t>(series_.of(e)));
}

std::optional<std::string> OrderGuard::check(const Event& e, int series) {
    if (e.env.kind != Kind::Candle && e.env.kind != Kind::Tick) return std::nullopt;
    if (!e.env.timestamp) return std::nullopt;
    return check_series(e, static_cast<std::size_t>(series));
}

std::optional<std::string> OrderGuard::check_series(const Event& e, std::size_t id) {
    const bool candle = e.env.kind == Kind::Candle;
    const auto t = *e.env.timestamp;
    // A sharer may have numbered series this check has not met yet.
    if (id >= last_.size()) last_.resize(id + 1);
    Last& last = last_[id];
    if (!last.seen) {
        last.seen = true;
        last.t = t;
        return std::nullopt;
    }
    if (candle ? t <= last.t : t < last.t) return step_back(last, t, candle);
    last.before = last.t;
    last.t = t;
    last.candidate.reset();
    return std::nullopt;
}

std::optional<std::string> OrderGuard::step_back(Last& last, time::Timestamp t, bool candle) {
    // A line after the time before the last one, more than a minute behind it: either it is
    // late, or the last line jumped ahead. A second such line in order decides it.
    const bool suspect = (!last.before || (candle ? t > *last.before : t >= *last.before)) &&
                         last.t.ns - t.ns > 60 * time::kNanosPerSecond;
    if (suspect && last.candidate && t > *last.candidate) {
        last.before = *last.candidate;
        last.t = t;
        last.candidate.reset();
        return std::nullopt;
    }
    std::string why = std::string("timestamp ") + time::to_epoch_string(t) +
                      " does not move forward (previous " + time::to_epoch_string(last.t) +
                      (candle ? " for this symbol and timeframe" : " for this symbol");
    if (suspect) {
        last.candidate = t;
        why += last.before ? ", which jumped ahead of " + time::to_epoch_string(*last.before) : std::string();
        why += ": if the next line follows on from this one, the series continues from there";
    } else {
        last.candidate.reset();
    }
    return why + ")";
}

}  // namespace sos::event
