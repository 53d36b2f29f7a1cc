// What replay and synth share once their source is open: options into FeedOptions, and the
// drain of a source into the output with the documented exit statuses.
#pragma once

#include <optional>

#include "feed/feed_writer.hpp"
#include "feed/source.hpp"
#include "replay_command.hpp"

namespace sos::tools::feed {

// Reports a usage error on stderr and returns nothing when an option is wrong.
std::optional<sos::feed::FeedOptions> feed_options(const FeedCommonArgs& a, const time::Calendar& calendar);

int drain(sos::feed::Source& source, const sos::feed::FeedOptions& opts, const time::Calendar& calendar,
          diag::BadInput& bad, pipeline::StopSignals& signals, int out_fd, const FeedCommonArgs& a);

}  // namespace sos::tools::feed
