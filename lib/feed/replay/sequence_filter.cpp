#include "feed/replay/sequence_filter.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace sos::feed {

// The series a record belongs to (kNotJudged when it is not judged): the symbol, the
// timeframe for candles, and history apart, as the time-order check keys them.
int SequenceFilter::series_of(const FeedItem& item, std::int64_t& t, bool& candle) {
    if (item.events.size() != 1 || !item.refused.empty()) return kNotJudged;
    const event::Event& e = item.events[0];
    if (!e.env.timestamp) return kNotJudged;
    candle = e.env.kind == event::Kind::Candle;
    if (!candle && e.env.kind != event::Kind::Tick) return kNotJudged;
    t = e.env.timestamp->ns;
    probe_.symbol.assign(e.env.symbol);
    probe_.tf = candle ? e.as<event::Candle>()->tf.seconds : 0;
    probe_.hist = e.env.hist;
    auto [it, fresh] = series_ids_.try_emplace(probe_, static_cast<int>(series_.size()));
    if (fresh) series_.emplace_back();
    return it->second;
}

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
        if (a.series != kNotJudged) {
            Series& s = series_[static_cast<std::size_t>(a.series)];
            a.backstep = s.read && a.t < s.last_read;
            s.last_read = a.t;
            s.read = true;
        }
        backsteps_ += a.backstep ? 1 : 0;
        ahead_.push_back(std::move(a));
    }
    return true;
}

bool SequenceFilter::out_of_sequence(const Ahead& front) const {
    const Series& s = series_[static_cast<std::size_t>(front.series)];
    const bool has_last = s.written;
    // Behind the last row written: late, not ahead; the time-order check refuses it.
    if (has_last && front.t <= s.last_written) return false;
    std::size_t between = 0, at_or_after = 0;
    for (std::size_t i = 1; i < ahead_.size(); ++i) {
        const Ahead& a = ahead_[i];
        if (a.series != front.series) continue;
        if (a.t >= front.t)
            ++at_or_after;
        else if (!has_last || (front.candle ? a.t > s.last_written : a.t >= s.last_written))
            ++between;
    }
    return between > at_or_after;
}

Source::Pull SequenceFilter::next(FeedItem& item) {
    if (!fill()) return Pull::Idle;
    if (ahead_.empty()) return Pull::End;
    Ahead& front = ahead_.front();
    // Only when some row of the window steps back can the front be ahead of what follows it.
    if (backsteps_ > 0 && front.series != kNotJudged && out_of_sequence(front)) {
        front.item.refused = fmt::format(
            "{}: timestamp {} is later than the rows of its series that follow it: a row out of "
            "sequence, skipped",
            event::type_name(front.item.events[0].env.kind), time::to_epoch_string(time::Timestamp{front.t}));
    } else if (front.series != kNotJudged) {
        Series& s = series_[static_cast<std::size_t>(front.series)];
        s.last_written = front.t;
        s.written = true;
    }
    backsteps_ -= front.backstep ? 1 : 0;
    std::swap(item, front.item);
    spare_.push_back(std::move(front));
    ahead_.pop_front();
    return Pull::Ready;
}

}  // namespace sos::feed
