// sos-feed replay's inputs: each opened through the endpoint seam (files, '-', unix:, any
// transport), a regular file read as CSV or NDJSON by its first bytes. One NDJSON input alone
// is read as a stream, on the filter stage's pipelined reader and decoding workers: standard
// input, a pipe or a socket as it comes, a regular file named on the command line judged a
// little ahead as well (feed/replay/recorded_file_filter.hpp), so that one row stamped far ahead
// is refused by itself. Anything else becomes sources, merged by time, each regular file read
// through a SequenceFilter for the same judgement (feed/replay/sequence_filter.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diag/bad_input.hpp"
#include "feed/replay/csv_source.hpp"
#include "feed/source.hpp"
#include "ndjson/endpoint.hpp"
#include "time/calendar.hpp"

namespace sos::feed {

struct ReplayInputs {
    std::unique_ptr<ndjson::Endpoint> stream;      // the one NDJSON input, or null
    bool recorded_file = false;                    // the stream is a regular file named
    std::vector<std::unique_ptr<Source>> sources;  // otherwise: merge these by time
};

// `specs` empty reads standard input. Throws ndjson::EndpointError for an input that cannot be
// opened, std::runtime_error (naming the file) for a CSV file without a usable header.
ReplayInputs open_replay_inputs(const std::vector<std::string>& specs, const CsvOptions& csv,
                                const time::Calendar& calendar, diag::BadInput& bad);

}  // namespace sos::feed
