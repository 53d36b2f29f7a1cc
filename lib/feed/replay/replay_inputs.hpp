// sos-feed replay's inputs: each opened through the endpoint seam (files, '-', unix:, any
// transport), a regular file read as CSV or NDJSON by its first bytes. One NDJSON input alone
// that is standard input or not a regular file (a pipe, a socket) is read as a stream, on the filter stage's
// pipelined reader and decoding workers; anything else becomes sources, merged by time, each
// regular file named read a little ahead so that one row stamped far ahead is refused by itself
// (feed/replay/sequence_filter.hpp). Judging a row by the rows after it is not yet done on the
// stream path, so a named regular file does not take it.
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
    std::vector<std::unique_ptr<Source>> sources;  // otherwise: merge these by time
};

// `specs` empty reads standard input. Throws ndjson::EndpointError for an input that cannot be
// opened, std::runtime_error (naming the file) for a CSV file without a usable header.
ReplayInputs open_replay_inputs(const std::vector<std::string>& specs, const CsvOptions& csv,
                                const time::Calendar& calendar, diag::BadInput& bad);

}  // namespace sos::feed
