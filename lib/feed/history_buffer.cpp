#include "feed/history_buffer.hpp"

#include <algorithm>

namespace sos::feed {

void HistoryBuffer::add(const event::Event& e) {
    if (n_ == 0) return;
    switch (e.env.kind) {
        case event::Kind::Candle: {
            auto& q = candles_[{e.env.symbol, e.as<event::Candle>()->tf.seconds}];
            q.push_back(e);
            if (q.size() > n_) q.pop_front();
            break;
        }
        case event::Kind::OptionChain:
        case event::Kind::Breadth:
        case event::Kind::Sentiment:
        case event::Kind::Regime:
            state_[{static_cast<int>(e.env.kind), e.env.symbol}] = e;
            break;
        default:
            break;  // ticks become candles; decisions from the past are not history to replay
    }
}

std::vector<event::Event> HistoryBuffer::take() {
    std::vector<event::Event> out;
    for (auto& [key, q] : candles_)
        for (auto& e : q)
            out.push_back(std::move(e));
    for (auto& [key, e] : state_)
        out.push_back(std::move(e));
    candles_.clear();
    state_.clear();
    auto order = [](const event::Event& e) {
        const auto* k = e.as<event::Candle>();
        // A candle is known at its close: order bars by end so that a 5m bar follows its last 1m bar.
        std::int64_t known = e.time().ns + (k ? static_cast<std::int64_t>(k->tf.seconds) * 1'000'000'000 : 0);
        return std::make_tuple(known, std::string_view(e.env.symbol), k ? k->tf.seconds : 0);
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto& a, const auto& b) { return order(a) < order(b); });
    for (auto& e : out)
        e.env.hist = true;
    return out;
}

}  // namespace sos::feed
