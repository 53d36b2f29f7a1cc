#include "feed/replay/recorded_file_filter.hpp"

namespace sos::feed {

namespace {

// Copies a line's events into a reused list: the slots' strings keep their storage.
void copy_events(const event::EventList& from, event::EventList& to) {
    to.clear();
    for (const auto& e : from)
        to.add() = e;
}

}  // namespace

RecordedFileFilter::RecordedFileFilter(FeedWriter& writer, std::string origin, std::size_t window)
    : writer_(writer), origin_(std::move(origin)), window_(window) {
    check_time_order_here();
}

void RecordedFileFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                                 ndjson::Output& out) {
    // A SYNC_RECOVERY with nothing usable in it: nothing to hold (as NdjsonSource skips it).
    if (events.empty() || done_) return;
    FeedItem& slot = window_.back();
    copy_events(events, slot.events);
    if (line.canonical) {
        slot.raw.assign(line.text);
        slot.raw_type.assign(line.type);
    } else {
        slot.raw.clear();
    }
    slot.origin = origin_;
    slot.line = line.number;
    slot.refused.clear();
    window_.admit();
    // The front line is judged once the window behind it is full.
    if (window_.full() && !write_front(out)) {
        done_ = true;
        end_input();
    }
}

bool RecordedFileFilter::write_front(ndjson::Output& out) {
    // As FeedProducer: a row out of sequence is reported, not written; false at --end, under
    // --strict, on a stop while pacing, or once the reader went away.
    const FeedItem& item = window_.take_front();
    return item.refused.empty()
               ? writer_.take(item.events, item.raw, item.raw_type, item.origin, item.line, out)
               : writer_.refuse(item.origin, item.line, item.refused);
}

void RecordedFileFilter::on_end(ndjson::Output& out) {
    // The lines still in the window are judged by what is left after them.
    while (!done_ && !window_.empty())
        done_ = !write_front(out);
    writer_.finish(out);
}

}  // namespace sos::feed
