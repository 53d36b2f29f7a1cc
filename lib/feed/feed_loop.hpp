// Drains a Source into the output through a FeedWriter, with a progress bar on a terminal,
// until the data ends, the reader downstream goes away, or a stop is requested.
#pragma once

#include <cstdint>

#include "feed/feed_writer.hpp"
#include "feed/source.hpp"

namespace sos::feed {

struct PumpResult {
    std::uint64_t records = 0;
    bool interrupted = false;  // a stop signal ended it
};

PumpResult pump(Source& source, FeedWriter& writer, ndjson::Output& out, pipeline::StopSignals* signals,
                bool show_progress);

}  // namespace sos::feed
