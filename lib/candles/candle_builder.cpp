#include "candles/candle_builder.hpp"

#include <algorithm>

namespace sos::candles {

CandleBuilder::CandleBuilder(std::vector<time::Timeframe> tfs, const time::Calendar& calendar)
    : tfs_(std::move(tfs)), calendar_(calendar) {
    std::sort(tfs_.begin(), tfs_.end());
    tfs_.erase(std::unique(tfs_.begin(), tfs_.end()), tfs_.end());
    from_ticks_ =
        std::make_unique<BarAggregator>(tfs_.empty() ? std::vector{time::kOneMinute} : tfs_, calendar_);
}

Fate CandleBuilder::add_tick(const event::Event& e, std::vector<event::Event>& closed) {
    const auto& tick = *e.as<event::Tick>();
    double volume = 0;
    if (tick.volume) {
        auto it = volume_.find(e.env.symbol);
        if (it == volume_.end())
            it = volume_.emplace(e.env.symbol, CumulativeVolume(CumulativeVolume::OnFall::Restart)).first;
        volume = it->second.step(calendar_.local_date(e.time()), *tick.volume).volume;
    }
    BarInput in{e.env.symbol, e.env.exchange, e.time(), e.time(), tick.ltp, tick.ltp,
                tick.ltp,     tick.ltp,       volume,   tick.oi,  false,    e.env.true_regime};
    return from_ticks_->add(in, closed);
}

BarAggregator& CandleBuilder::resampler_for(time::Timeframe input_tf) {
    auto& slot = from_bars_[input_tf.seconds];
    if (!slot) {
        std::vector<time::Timeframe> targets;
        for (auto tf : tfs_) {
            bool multiple = tf.daily()
                                ? !input_tf.daily()
                                : (tf.seconds > input_tf.seconds && tf.seconds % input_tf.seconds == 0);
            if (multiple) targets.push_back(tf);
        }
        slot = std::make_unique<BarAggregator>(targets, calendar_);
    }
    return *slot;
}

CandleBuilder::CandleResult CandleBuilder::add_candle(const event::Event& e,
                                                      std::vector<event::Event>& closed) {
    const auto& k = *e.as<event::Candle>();
    CandleResult r;
    r.write_input = tfs_.empty() || std::binary_search(tfs_.begin(), tfs_.end(), k.tf);
    if (tfs_.empty()) return r;
    // Several input timeframes for one symbol: build from the smallest, or bars would double.
    auto [it, inserted] = base_tf_.try_emplace(e.env.symbol, k.tf.seconds);
    if (!inserted && k.tf.seconds > it->second) return r;
    if (k.tf.seconds < it->second) it->second = k.tf.seconds;
    auto session = calendar_.session_at(e.time());
    if (!session) {
        r.fate = Fate::OutsideSession;
        return r;
    }
    auto span = time::bar_containing(e.time(), *session, k.tf);
    BarInput in{e.env.symbol, e.env.exchange, e.time(), span.end,         k.o, k.h, k.l, k.c,
                k.v,          k.oi,           k.gap,    e.env.true_regime};
    r.fate = resampler_for(k.tf).add(in, closed);
    return r;
}

void CandleBuilder::advance(time::Timestamp now, std::vector<event::Event>& closed) {
    from_ticks_->advance(now, closed);
    for (auto& [tf, agg] : from_bars_)
        agg->advance(now, closed);
}

void CandleBuilder::finish(std::vector<event::Event>& closed) {
    from_ticks_->finish(closed);
    for (auto& [tf, agg] : from_bars_)
        agg->finish(closed);
}

std::uint64_t CandleBuilder::late() const {
    std::uint64_t n = from_ticks_->late();
    for (const auto& [tf, agg] : from_bars_)
        n += agg->late();
    return n;
}

std::uint64_t CandleBuilder::outside_session() const {
    std::uint64_t n = from_ticks_->outside_session();
    for (const auto& [tf, agg] : from_bars_)
        n += agg->outside_session();
    return n;
}

}  // namespace sos::candles
