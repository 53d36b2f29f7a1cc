// One filter tool's threads: a reading thread cuts input into line batches and publishes them
// on a ring; decoding workers decode alternate batches in parallel; the deciding thread (the
// caller's) takes the batches in order, checks time order, applies the bad-input policy and
// runs the tool's Filter; its output goes through a second ring to a writing thread. Each
// ring is bounded, so a slow consumer anywhere holds the whole chain back instead of growing
// memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "ndjson/type_filter.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/output_ring.hpp"
#include "pipeline/stage_outcome.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::pipeline {

struct StageConfig {
    int in_fd = 0;
    int out_fd = 1;
    std::string source;  // input name for diagnostics; empty for standard input
    ndjson::TypeFilter types;
    bool strict = false;
    // Eight input batches keep both decoding workers and the deciding thread fed; each holds
    // its lines' decoded events too (about 1 KB a line), and with 64 slots those 20 MB no
    // longer fit in cache: a pass-through ran 10-15 % slower.
    RingOptions input_ring{8, 64 << 10, 200};
    RingOptions output_ring{64, 64 << 10, 200};
    std::size_t max_line_bytes = 64u << 20;
    StopSignals* signals = nullptr;
    // When set, Filter::on_idle also runs this often while input is quiet.
    std::chrono::milliseconds tick{0};
    // Threads decoding batches in parallel (JSON decoding is the costly part of reading).
    int decode_workers = default_decode_workers();

    static int default_decode_workers();
};

// Runs until the input ends, the filter needs no more, --strict trips, the reader downstream
// goes away, a stop signal arrives, reading or writing fails, or the filter throws; says which.
StageOutcome run_filter(const StageConfig& config, Filter& filter);

}  // namespace sos::pipeline
