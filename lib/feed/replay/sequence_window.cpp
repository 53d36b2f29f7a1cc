#include "feed/replay/sequence_window.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace sos::feed {

SequenceWindow::SequenceWindow(std::size_t window, event::SeriesIndex* series)
    : slots_(window < 2 ? 2 : window), capacity_(slots_.size()), series_ids_(series ? series : &own_ids_) {}

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

void SequenceWindow::refuse(const Row& front, std::string& refused) {
    refused = fmt::format(
        "{}: timestamp {} is later than the rows of its series that follow it: a row out of "
        "sequence, skipped",
        event::type_name(front.kind), time::to_epoch_string(time::Timestamp{front.t}));
}

}  // namespace sos::feed
