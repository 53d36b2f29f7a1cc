#include "feed/replay/sequence_window.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace sos::feed {

SequenceWindow::SequenceWindow(std::size_t window, event::SeriesIndex* series)
    : slots_(window < 2 ? 2 : window), series_ids_(series ? series : &own_ids_) {}

void SequenceWindow::admit(const event::EventList& events, bool refused) {
    Row& r = slots_[back()];
    r.series = kNotJudged;
    r.backstep = false;
    if (events.size() == 1 && !refused) {
        const event::Event& e = events[0];
        r.kind = e.env.kind;
        if (e.env.timestamp && (r.kind == event::Kind::Candle || r.kind == event::Kind::Tick)) {
            r.t = e.env.timestamp->ns;
            r.series = series_ids_->of(e);
            // A shared index may have numbered series this window has not met yet.
            if (static_cast<std::size_t>(r.series) >= series_.size())
                series_.resize(static_cast<std::size_t>(r.series) + 1);
            Series& s = series_[static_cast<std::size_t>(r.series)];
            r.backstep = s.read && r.t < s.last_read;
            s.last_read = r.t;
            s.read = true;
        }
    }
    backsteps_ += r.backstep ? 1 : 0;
    ++size_;
}

bool SequenceWindow::out_of_sequence(const Row& front) const {
    const Series& s = series_[static_cast<std::size_t>(front.series)];
    const bool has_last = s.written;
    // Behind the last row written: late, not ahead; the time-order check refuses it.
    if (has_last && front.t <= s.last_written) return false;
    const bool candle = front.kind == event::Kind::Candle;
    std::size_t between = 0, at_or_after = 0;
    for (std::size_t i = 1; i < size_; ++i) {
        const Row& a = slots_[slot(i)];
        if (a.series != front.series) continue;
        if (a.t >= front.t)
            ++at_or_after;
        else if (!has_last || (candle ? a.t > s.last_written : a.t >= s.last_written))
            ++between;
    }
    return between > at_or_after;
}

void SequenceWindow::take_front(std::string& refused) {
    const Row& front = slots_[head_];
    // Only when some row of the window steps back can the front be ahead of what follows it.
    if (backsteps_ > 0 && front.series != kNotJudged && out_of_sequence(front)) {
        refused = fmt::format(
            "{}: timestamp {} is later than the rows of its series that follow it: a row out of "
            "sequence, skipped",
            event::type_name(front.kind), time::to_epoch_string(time::Timestamp{front.t}));
    } else if (front.series != kNotJudged) {
        Series& s = series_[static_cast<std::size_t>(front.series)];
        s.last_written = front.t;
        s.written = true;
    }
    backsteps_ -= front.backstep ? 1 : 0;
    head_ = slot(1);
    --size_;
}

}  // namespace sos::feed
