#include "feed/replay/sequence_window.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace sos::feed {

SequenceWindow::SequenceWindow(std::size_t window) : slots_(window < 2 ? 2 : window) {}

// The series a record belongs to (kNotJudged when it is not judged): the symbol, the
// timeframe for candles, and history apart, as the time-order check keys them.
int SequenceWindow::series_of(const FeedItem& item, std::int64_t& t, bool& candle) {
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

void SequenceWindow::admit() {
    Slot& a = slots_[index(size_)];
    a.series = series_of(a.item, a.t, a.candle);
    a.backstep = false;
    if (a.series != kNotJudged) {
        Series& s = series_[static_cast<std::size_t>(a.series)];
        a.backstep = s.read && a.t < s.last_read;
        s.last_read = a.t;
        s.read = true;
    }
    backsteps_ += a.backstep ? 1 : 0;
    ++size_;
}

bool SequenceWindow::out_of_sequence(const Slot& front) const {
    const Series& s = series_[static_cast<std::size_t>(front.series)];
    const bool has_last = s.written;
    // Behind the last row written: late, not ahead; the time-order check refuses it.
    if (has_last && front.t <= s.last_written) return false;
    std::size_t between = 0, at_or_after = 0;
    for (std::size_t i = 1; i < size_; ++i) {
        const Slot& a = slots_[index(i)];
        if (a.series != front.series) continue;
        if (a.t >= front.t)
            ++at_or_after;
        else if (!has_last || (front.candle ? a.t > s.last_written : a.t >= s.last_written))
            ++between;
    }
    return between > at_or_after;
}

FeedItem& SequenceWindow::take_front() {
    Slot& front = slots_[head_];
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
    head_ = index(1);
    --size_;
    return front.item;
}

}  // namespace sos::feed
