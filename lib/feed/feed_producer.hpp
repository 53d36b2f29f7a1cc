// sos-feed's producing side as the pipeline runs it: records from a Source through the
// FeedWriter (candles, history, pacing, --end) into the output, on the stage's idle and tick
// model (pipeline/producer.hpp): when the source pauses, what was written goes out and the
// stage waits on the source's descriptors. A progress bar follows on a terminal.
#pragma once

#include <cstdint>
#include <optional>

#include "diag/progress.hpp"
#include "feed/feed_writer.hpp"
#include "feed/source.hpp"
#include "pipeline/producer.hpp"

namespace sos::feed {

class FeedProducer : public pipeline::Producer {
public:
    FeedProducer(Source& source, FeedWriter& writer, bool show_progress);

    Step step(ndjson::Output& out) override;
    void wait_on(pipeline::WaitSet& waits) override { source_.wait_on(waits); }
    void woke(const pipeline::WaitSet& waits) override { source_.woke(waits); }
    void on_idle(ndjson::Output& out) override { writer_.idle(out); }
    // The data ran out (complete: its last bars are written) or the run stopped (what was
    // written is kept, what the source still holds is taken (Source::stop_now), the bars
    // still open are written as partial).
    void on_end(ndjson::Output& out) override;
    // The source, the records taken and the event time reached, for HEALTH.
    void health(pipeline::HealthState& s) const override;

private:
    Source& source_;
    FeedWriter& writer_;
    FeedItem item_;
    diag::Progress bar_;
    std::uint64_t records_ = 0;
    std::optional<time::Timestamp> clock_;  // the latest event time taken
};

}  // namespace sos::feed
