#include "event/order_guard.hpp"

#include "time/timeframe.hpp"

namespace sos::event {

std::optional<std::string> OrderGuard::check(const Event& e) {
    const bool candle = e.env.kind == Kind::Candle;
    if (!candle && e.env.kind != Kind::Tick) return std::nullopt;
    if (!e.env.timestamp) return std::nullopt;
    const auto t = *e.env.timestamp;
    const bool hist = e.env.hist;
    const int tf = candle ? e.as<Candle>()->tf.seconds : 0;
    auto it = last_.find(std::string_view(e.env.symbol));
    if (it == last_.end()) it = last_.emplace(e.env.symbol, std::vector<Last>{}).first;
    for (auto& last : it->second) {
        if (last.hist != hist || last.tf != tf) continue;
        if (candle ? t <= last.t : t < last.t) {
            return std::string("timestamp ") + time::to_epoch_string(t) +
                   " does not move forward (previous " + time::to_epoch_string(last.t) +
                   (candle ? " for this symbol and timeframe)" : " for this symbol)");
        }
        last.t = t;
        return std::nullopt;
    }
    it->second.push_back(Last{hist, tf, t});
    return std::nullopt;
}

}  // namespace sos::event
