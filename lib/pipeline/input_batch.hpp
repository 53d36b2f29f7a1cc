// What travels on a filter tool's input ring: the lines of one read, and each line decoded.
#pragma once

#include <atomic>
#include <vector>

#include "ndjson/line_assembler.hpp"
#include "pipeline/line_decoder.hpp"
#include "pipeline/wait_strategy.hpp"

namespace sos::pipeline {

// Batches this small are decoded by whoever decides them (not by the workers): when lines
// arrive one at a time, as from a live feed, a handoff to a worker only adds latency.
inline constexpr std::size_t kDecodeInline = 8;

struct InputBatch {
    ndjson::LineBatch lines;
    std::vector<DecodedLine> decoded;
    bool inline_decode = false;

    void clear() { lines.clear(); }
};

// Wakes the decoding workers, only for batches worth handing to them.
struct WorkerSignal {
    SpinThenBlockWait wait;
    std::atomic<bool> stop{false};
};

}  // namespace sos::pipeline
