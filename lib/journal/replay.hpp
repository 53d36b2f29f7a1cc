// `sos-journal replay`: a run's lines written back out in the order they arrived, each the
// raw line byte for byte (or marked as history, hist_flag.hpp), optionally only those in a
// time range or of some types.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/sqlite.hpp"
#include "journal/time_range.hpp"

namespace sos::journal {

struct ReplayOptions {
    std::string run;  // empty: the run created last
    // A line with no event time of its own (an ALERT, a HEALTH) goes with the line before it.
    TimeRange range;
    std::vector<std::string> types;  // the type as written; empty: all
    bool as_hist = false;
};

struct ReplayResult {
    std::string run;
    std::uint64_t lines = 0;  // lines read from the journal and written
};

// `sink` receives text of whole lines (each ending in '\n') in chunks, and returns false to
// stop early (the reader went away). Throws RunNotFound or JournalError.
ReplayResult replay(Database& db, const ReplayOptions& options,
                    const std::function<bool(std::string_view)>& sink);

}  // namespace sos::journal
