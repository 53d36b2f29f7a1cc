#include "feed/replay/recorded_file_filter.hpp"

#include <memory>

namespace sos::feed {

FeedItem& LineQueue::slot() {
    if (spare_.empty()) spare_.emplace_back();
    return spare_.back();
}

void LineQueue::push() {
    queued_.push_back(std::move(spare_.back()));
    spare_.pop_back();
}

Source::Pull LineQueue::next(FeedItem& item) {
    if (queued_.empty()) return closed_ ? Pull::End : Pull::Idle;
    std::swap(item, queued_.front());
    spare_.push_back(std::move(queued_.front()));
    queued_.pop_front();
    return Pull::Ready;
}

namespace {

std::unique_ptr<LineQueue> make_queue(const std::string& origin, LineQueue*& queue) {
    auto q = std::make_unique<LineQueue>(origin);
    queue = q.get();
    return q;
}

// Copies a line's events into a reused list: the slots' strings keep their storage.
void copy_events(const event::EventList& from, event::EventList& to) {
    to.clear();
    for (const auto& e : from)
        to.add() = e;
}

}  // namespace

RecordedFileFilter::RecordedFileFilter(FeedWriter& writer, std::string origin)
    : writer_(writer), origin_(std::move(origin)), judge_(make_queue(origin_, queue_)) {
    check_time_order_here();
}

void RecordedFileFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                                 ndjson::Output& out) {
    // A SYNC_RECOVERY with nothing usable in it: nothing to hold (as NdjsonSource skips it).
    if (events.empty() || done_) return;
    FeedItem& slot = queue_->slot();
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
    queue_->push();
    if (!drain(out)) {
        done_ = true;
        end_input();
    }
}

bool RecordedFileFilter::drain(ndjson::Output& out) {
    for (;;) {
        switch (judge_.next(item_)) {
            case Source::Pull::Idle:
            case Source::Pull::End:
                return true;
            case Source::Pull::Ready:
                break;
        }
        // As FeedProducer: a row out of sequence is reported, not written; false at --end,
        // under --strict, on a stop while pacing, or once the reader went away.
        const bool more = item_.refused.empty() ? writer_.take(item_.events, item_.raw, item_.raw_type,
                                                               item_.origin, item_.line, out)
                                                : writer_.refuse(item_.origin, item_.line, item_.refused);
        if (!more) return false;
    }
}

void RecordedFileFilter::on_end(ndjson::Output& out) {
    // The rows still in the window are judged by what is left after them.
    queue_->close();
    if (!done_) drain(out);
    writer_.finish(out);
}

}  // namespace sos::feed
