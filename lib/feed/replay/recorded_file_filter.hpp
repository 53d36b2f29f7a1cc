// sos-feed replay FILE (one NDJSON file named alone) on the filter stage's pipelined reader and
// decoding workers, the way `replay - < FILE` runs, yet judged as a recorded file: every good
// line waits in a SequenceWindow, so that a row stamped far ahead is refused by itself
// (sequence_filter.hpp), and only what leaves the window has its time order checked, by the
// FeedWriter (so the stage leaves that check to this filter). What is written and reported is
// what the file read through its source (NdjsonSource, SequenceFilter, FeedProducer) gave.
//
// A line waits as views of the stage's text and events while its batch lasts; only the lines
// still waiting when the stage ends a batch (at most the window's, out of the hundreds a batch
// holds) are copied, so most lines go through without a copy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_writer.hpp"
#include "feed/replay/sequence_window.hpp"
#include "pipeline/filter.hpp"

namespace sos::feed {

class RecordedFileFilter : public pipeline::Filter {
public:
    // `writer` must check time order (FeedOptions::check_order); `origin` names the file.
    // `window`: lines held before the first of them is judged (SequenceFilter's).
    RecordedFileFilter(FeedWriter& writer, std::string origin, std::size_t window = 64);

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_batch_end() override;
    void on_idle(ndjson::Output& out) override { writer_.idle(out); }
    void on_end(ndjson::Output& out) override;

private:
    // A line in the window: views of the stage's line and events, then of copies of its own
    // once its batch has ended.
    struct Held {
        const event::EventList* events = nullptr;
        std::string_view raw;  // the line as written when canonical, else empty
        std::string_view raw_type;
        std::uint64_t line = 0;
        std::string refused;  // set when the window finds it out of sequence
        event::EventList own_events;
        std::string own_raw, own_type;
    };
    // Copies what `h` views into its own storage.
    static void keep(Held& h);
    // Judges the front line of the window and writes it, or reports it; false when no more
    // input is wanted.
    bool write_front(ndjson::Output& out);

    FeedWriter& writer_;
    std::string origin_;
    SequenceWindow window_;
    std::vector<Held> held_;   // by the window's slots; never resized (views point into it)
    std::size_t viewing_ = 0;  // lines at the back of the window that view the current batch
    bool done_ = false;        // no more input wanted: nothing more is taken, on_end included
};

}  // namespace sos::feed
