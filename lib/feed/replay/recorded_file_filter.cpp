#include "feed/replay/recorded_file_filter.hpp"

#include <algorithm>

namespace sos::feed {

RecordedFileFilter::RecordedFileFilter(FeedWriter& writer, std::string origin, std::size_t window)
    : writer_(writer),
      origin_(std::move(origin)),
      window_(window, &writer.series_index()),  // a line's series looked up once, not twice
      held_(window_.capacity()) {
    check_time_order_here();
}

void RecordedFileFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                                 ndjson::Output& out) {
    // A SYNC_RECOVERY with nothing usable in it: nothing to hold (as NdjsonSource skips it).
    if (events.empty() || done_) return;
    Held& h = held_[window_.back()];
    h.events = &events;
    h.raw = line.canonical ? line.text : std::string_view{};
    h.raw_type = line.type;
    h.line = line.number;
    h.refused.clear();
    window_.admit(events);
    ++viewing_;
    // The front line is judged once the window behind it is full.
    if (window_.full() && !write_front(out)) {
        done_ = true;
        end_input();
    }
}

void RecordedFileFilter::keep(Held& h) {
    h.own_events.clear();
    for (const auto& e : *h.events)
        h.own_events.add() = e;  // the slots' strings keep their storage
    h.events = &h.own_events;
    h.own_raw.assign(h.raw);
    h.raw = h.raw.empty() ? std::string_view{} : std::string_view(h.own_raw);
    h.own_type.assign(h.raw_type);
    h.raw_type = h.own_type;
}

void RecordedFileFilter::on_batch_end() {
    for (std::size_t i = window_.size() - viewing_; i < window_.size(); ++i)
        keep(held_[window_.slot(i)]);
    viewing_ = 0;
}

bool RecordedFileFilter::write_front(ndjson::Output& out) {
    Held& h = held_[window_.slot(0)];
    const int series = window_.front_series();
    window_.take_front(h.refused);
    viewing_ = std::min(viewing_, window_.size());
    // As FeedProducer: a row out of sequence is reported, not written; false at --end, under
    // --strict, on a stop while pacing, or once the reader went away.
    return h.refused.empty() ? writer_.take(*h.events, h.raw, h.raw_type, origin_, h.line, out, series)
                             : writer_.refuse(origin_, h.line, h.refused);
}

void RecordedFileFilter::on_end(ndjson::Output& out) {
    // The lines still in the window are judged by what is left after them.
    while (!done_ && !window_.empty())
        done_ = !write_front(out);
    writer_.finish(out);
}

}  // namespace sos::feed
