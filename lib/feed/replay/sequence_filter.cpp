#include "feed/replay/sequence_filter.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace sos::feed {

namespace {

// The series a record belongs to ("" when it is not judged): the symbol, the timeframe for
// candles, and history apart, as the time-order check keys them.
std::string series_of(const FeedItem& item, std::int64_t& t, bool& candle) {
    if (item.events.size() != 1 || !item.refused.empty()) return {};
    const event::Event& e = item.events[0];
    if (!e.env.timestamp) return {};
    candle = e.env.kind == event::Kind::Candle;
    if (!candle && e.env.kind != event::Kind::Tick) return {};
    t = e.env.timestamp->ns;
    std::string key = e.env.symbol;
    key.push_back('\0');
    key += candle ? std::to_string(e.as<event::Candle>()->tf.seconds) : "tick";
    if (e.env.hist) {
        key.push_back('\0');
        key += "hist";
    }
    return key;
}

}  // namespace

SequenceFilter::SequenceFilter(std::unique_ptr<Source> inner, std::size_t window)
    : inner_(std::move(inner)), window_(window < 2 ? 2 : window) {}

bool SequenceFilter::fill() {
    while (!done_ && ahead_.size() < window_) {
        if (spare_.empty()) spare_.emplace_back();
        Ahead a = std::move(spare_.back());
        spare_.pop_back();
        a.item.refused.clear();
        const Pull pulled = inner_->next(a.item);
        if (pulled != Pull::Ready) {
            done_ = pulled == Pull::End;
            spare_.push_back(std::move(a));
            return done_;
        }
        a.series = series_of(a.item, a.t, a.candle);
        a.backstep = false;
        if (!a.series.empty()) {
            auto [it, fresh] = last_read_.try_emplace(a.series, a.t);
            if (!fresh) {
                a.backstep = a.t < it->second;
                it->second = a.t;
            }
        }
        backsteps_ += a.backstep ? 1 : 0;
        ahead_.push_back(std::move(a));
    }
    return true;
}

bool SequenceFilter::out_of_sequence(const Ahead& front) const {
    const auto w = last_written_.find(front.series);
    const bool has_last = w != last_written_.end();
    // Behind the last row written: late, not ahead; the time-order check refuses it.
    if (has_last && front.t <= w->second) return false;
    std::size_t between = 0, at_or_after = 0;
    for (std::size_t i = 1; i < ahead_.size(); ++i) {
        const Ahead& a = ahead_[i];
        if (a.series != front.series) continue;
        if (a.t >= front.t)
            ++at_or_after;
        else if (!has_last || (front.candle ? a.t > w->second : a.t >= w->second))
            ++between;
    }
    return between > at_or_after;
}

Source::Pull SequenceFilter::next(FeedItem& item) {
    if (!fill()) return Pull::Idle;
    if (ahead_.empty()) return Pull::End;
    Ahead& front = ahead_.front();
    // Only when some row of the window steps back can the front be ahead of what follows it.
    if (backsteps_ > 0 && !front.series.empty() && out_of_sequence(front)) {
        front.item.refused = fmt::format(
            "{}: timestamp {} is later than the rows of its series that follow it: a row out of "
            "sequence, skipped",
            event::type_name(front.item.events[0].env.kind), time::to_epoch_string(time::Timestamp{front.t}));
    } else if (!front.series.empty()) {
        last_written_[front.series] = front.t;
    }
    backsteps_ -= front.backstep ? 1 : 0;
    std::swap(item, front.item);
    spare_.push_back(std::move(front));
    ahead_.pop_front();
    return Pull::Ready;
}

}  // namespace sos::feed
