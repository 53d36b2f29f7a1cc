// The deciding role of a filter tool: in input order, it checks each decoded line (time order,
// the bad-input policy) and hands good ones to the tool's Filter, whose output it flushes when
// input goes idle. One thread at a time holds the role: normally the deciding thread, which
// takes batches from the ring; but when every earlier batch is done and a read brings only a
// few lines, the reading thread takes the role and decides them itself, run-to-completion, so a
// lone live line crosses no thread at all (as through `cat`).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/input_batch.hpp"
#include "pipeline/line_decoder.hpp"

namespace sos::pipeline {

class Decider {
public:
    Decider(Filter& filter, ndjson::Output& out, diag::BadInput& bad, std::string source)
        : filter_(filter), out_(out), checker_(bad, std::move(source)) {}

    // The role. Acquire and release order every access to the filter and the output.
    bool try_acquire() {
        bool free = false;
        return held_.compare_exchange_strong(free, true, std::memory_order_acq_rel);
    }
    void acquire();
    void release() { held_.store(false, std::memory_order_release); }

    // With the role held: decides every line of the batch (decoding it first when it is an
    // inline batch). Returns false when the stage must stop (--strict, or the filter asked).
    bool decide(InputBatch& batch);
    void idle();
    void end();

    bool stopped() const { return stopped_.load(std::memory_order_acquire); }
    std::uint64_t lines_in() const { return lines_in_; }

private:
    Filter& filter_;
    ndjson::Output& out_;
    LineDecoder checker_;
    event::Decoder decoder_;
    std::atomic<bool> held_{false};
    std::atomic<bool> stopped_{false};
    std::uint64_t lines_in_ = 0;
};

}  // namespace sos::pipeline
