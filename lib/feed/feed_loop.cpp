#include "feed/feed_loop.hpp"

#include "diag/progress.hpp"

namespace sos::feed {

PumpResult pump(Source& source, FeedWriter& writer, ndjson::Output& out, pipeline::StopSignals* signals,
                bool show_progress) {
    PumpResult r;
    FeedItem item;
    auto total = source.progress().total;
    diag::Progress bar(std::string(source.name()), total, "B", show_progress);
    bool ended_early = false;
    while (source.next(item)) {
        ++r.records;
        // Checking for a signal costs a system call: once every few thousand records is plenty.
        if ((r.records & 4095) == 0) {
            if (signals && signals->requested()) {
                r.interrupted = true;
                ended_early = true;
                break;
            }
            bar.update(source.progress().done);
        }
        if (!item.refused.empty()) {
            if (!writer.refuse(item.origin, item.line, item.refused)) {
                ended_early = true;
                break;
            }
            continue;
        }
        if (!writer.take(item.events, item.raw, item.raw_type, item.origin, item.line, out)) {
            ended_early = true;
            break;
        }
        if (out.closed()) return r;
    }
    if (signals && signals->requested()) r.interrupted = true;
    bar.finish();
    // Data that ran out is complete: its last bars are written. A stop keeps what was written.
    if (!out.closed()) writer.finish(out);
    (void)ended_early;
    return r;
}

}  // namespace sos::feed
