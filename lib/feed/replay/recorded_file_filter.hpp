// sos-feed replay FILE (one NDJSON file named alone) on the filter stage's pipelined reader and
// decoding workers, the way `replay - < FILE` runs, yet judged as a recorded file: every good
// line waits in a SequenceFilter's window, so that a row stamped far ahead is refused by itself
// (sequence_filter.hpp), and only what leaves the window has its time order checked, by the
// FeedWriter (so the stage leaves that check to this filter). What is written and reported is
// what the file read through its source (NdjsonSource, SequenceFilter, FeedProducer) gave.
#pragma once

#include <deque>
#include <string>

#include "feed/feed_writer.hpp"
#include "feed/replay/sequence_filter.hpp"
#include "pipeline/filter.hpp"

namespace sos::feed {

// The lines the stage delivered, as the source a SequenceFilter reads ahead of: idle while
// empty, ended once closed. Items circulate between it and its reader by swap, so a steady
// stream allocates nothing.
class LineQueue : public Source {
public:
    explicit LineQueue(std::string name) : name_(std::move(name)) {}
    // An item to fill (its old contents left for reuse), then push().
    FeedItem& slot();
    void push();
    void close() { closed_ = true; }

    Pull next(FeedItem& item) override;
    std::string_view name() const override { return name_; }
    bool recorded() const override { return true; }

private:
    std::deque<FeedItem> queued_;
    std::deque<FeedItem> spare_;
    std::string name_;
    bool closed_ = false;
};

class RecordedFileFilter : public pipeline::Filter {
public:
    // `writer` must check time order (FeedOptions::check_order); `origin` names the file.
    RecordedFileFilter(FeedWriter& writer, std::string origin);

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override { writer_.idle(out); }
    void on_end(ndjson::Output& out) override;

private:
    // Writes what has left the window; false when no more input is wanted.
    bool drain(ndjson::Output& out);

    FeedWriter& writer_;
    std::string origin_;
    LineQueue* queue_;  // owned by judge_
    SequenceFilter judge_;
    FeedItem item_;
    bool done_ = false;  // no more input wanted: nothing more is taken, on_end included
};

}  // namespace sos::feed
