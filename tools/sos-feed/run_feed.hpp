// What replay and synth share once their input is open: options into FeedOptions, and the run
// of the feed (candles, history, pacing, sentiment) on the tool's stage.
#pragma once

#include <optional>

#include "cli/tool_run.hpp"
#include "feed/feed_writer.hpp"
#include "feed/source.hpp"
#include "replay_command.hpp"

namespace sos::tools::feed {

// Reports a usage error on stderr and returns nothing when an option is wrong.
std::optional<sos::feed::FeedOptions> feed_options(const FeedCommonArgs& a, const time::Calendar& calendar);

// Writes the records of `source` to --out on a producing stage; with no source, the NDJSON
// lines of the run's input, read as a stream on the filter stage (a `recorded_file` judged a
// little ahead, feed/replay/recorded_file_filter.hpp). Returns the exit status.
int run_feed(cli::ToolRun& run, sos::feed::Source* source, sos::feed::FeedOptions opts,
             const time::Calendar& calendar, const FeedCommonArgs& a, bool recorded_file = false);

}  // namespace sos::tools::feed
