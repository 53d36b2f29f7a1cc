#include "event/order_guard.hpp"

#include "time/timeframe.hpp"

namespace sos::event {

std::optional<std::string> OrderGuard::check(const Event& e) {
    const bool candle = e.env.kind == Kind::Candle;
    if (!candle && e.env.kind != Kind::Tick) return std::nullopt;
    if (!e.env.timestamp) return std::nullopt;
    key_.clear();
    key_.append(e.env.hist ? "h|" : "l|");
    key_.append(e.env.symbol);
    if (candle) {
        // The timeframe's seconds as raw bytes: a key, not text, and no temporary string.
        int tf = e.as<Candle>()->tf.seconds;
        key_.push_back('|');
        key_.append(reinterpret_cast<const char*>(&tf), sizeof tf);
    }
    auto t = *e.env.timestamp;
    auto [it, inserted] = last_.try_emplace(key_, t);
    if (inserted) return std::nullopt;
    if (candle ? t <= it->second : t < it->second) {
        return std::string("timestamp ") + time::to_epoch_string(t) + " does not move forward (previous " +
               time::to_epoch_string(it->second) + (candle ? " for this symbol and timeframe)" : " for this symbol)");
    }
    it->second = t;
    return std::nullopt;
}

}  // namespace sos::event
