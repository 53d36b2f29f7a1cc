// The two shapes of a tool's stage, with the same options, idle and tick model, stop signals
// and outcome (stage_outcome.hpp).
//
// A filter stage (run_filter): a reading thread cuts input into line batches and publishes
// them on a ring; decoding workers decode alternate batches in parallel; the deciding thread
// (the caller's) takes the batches in order, checks time order, applies the bad-input policy
// and runs the tool's Filter; its output goes through a second ring to a writing thread. Each
// ring is bounded, so a slow consumer anywhere holds the whole chain back instead of growing
// memory.
//
// A producing stage (run_producer): the tool's Producer (a source and what is done with its
// records) on the caller's thread, its output through the same writing ring.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "diag/bad_input.hpp"
#include "ndjson/type_filter.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/injector.hpp"
#include "pipeline/output_ring.hpp"
#include "pipeline/producer.hpp"
#include "pipeline/stage_outcome.hpp"
#include "pipeline/stop_signals.hpp"
#include "pipeline/waker.hpp"

namespace sos::pipeline {

struct StageConfig {
    int in_fd = 0;
    int out_fd = 1;
    std::string source;  // input name for diagnostics; empty for standard input
    ndjson::TypeFilter types;
    bool strict = false;
    // Where bad input is counted and --strict decided; the stage's own when null. A producer's
    // sources report into the same one, so the stage can say --strict stopped it.
    diag::BadInput* bad = nullptr;
    // Eight input batches keep both decoding workers and the deciding thread fed; each holds
    // its lines' decoded events too (about 1 KB a line), and with 64 slots those 20 MB no
    // longer fit in cache: a pass-through ran 10-15 % slower.
    RingOptions input_ring{8, 64 << 10, 200};
    RingOptions output_ring{64, 64 << 10, 200};
    std::size_t max_line_bytes = 64u << 20;
    StopSignals* signals = nullptr;
    // When set, Filter::on_idle (Producer::on_idle) also runs this often while input is quiet.
    std::chrono::milliseconds tick{0};
    // A progress bar by bytes read, labelled so, when the input is a regular file and stderr a
    // terminal; none when empty.
    std::string progress_label;
    // An operator's lines come through this, when set (a filter stage's control socket).
    Injector* injector = nullptr;
    // A filter stage: its wake() (from any thread) runs Filter::on_idle at once, as a tick
    // would (a live broker's network answers). A producing stage does not use it.
    Waker* waker = nullptr;
    // Threads decoding batches in parallel (JSON decoding is the costly part of reading).
    int decode_workers = default_decode_workers();

    static int default_decode_workers();
};

// Runs until the input ends, the filter needs no more, --strict trips, the reader downstream
// goes away, a stop signal arrives, reading or writing fails, or the filter throws; says which.
StageOutcome run_filter(const StageConfig& config, Filter& filter);

// Runs the producer until its data ends (or it needs no more), --strict trips, the reader
// downstream goes away, a stop signal arrives (seen within a few milliseconds, also while the
// producer is busy), writing fails, reading its data fails (ndjson::ReadError), or it throws.
// `in_fd` is not used.
StageOutcome run_producer(const StageConfig& config, Producer& producer);

}  // namespace sos::pipeline
