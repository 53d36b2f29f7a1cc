// How a thread waits for a sequence to reach a value: spin briefly (an event usually follows
// another within microseconds), then sleep on a futex so an idle tool uses no CPU. On a
// two-core machine running six tools, long spinning would steal the cores the other tools
// need; the spin budget is therefore small and configurable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "pipeline/sequence.hpp"

namespace sos::pipeline {

class SpinThenBlockWait {
public:
    explicit SpinThenBlockWait(int spin_iterations = 200) : spins_(spin_iterations) {}

    // Returns the sequence's value once it is >= target, or the last value seen when
    // `stop` becomes true. Optionally gives up at `deadline` (for periodic work).
    std::int64_t wait_for(
        std::int64_t target, const Sequence& seq, const std::atomic<bool>& stop,
        std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());

    // Called by the writer of `seq` after each advance, which must be a seq_cst store
    // (Sequence::set_and_fence). Costs one atomic load unless a waiter is asleep.
    void signal();
    // Wakes every sleeper unconditionally (stop requests).
    void signal_all();

private:
    int spins_;
    // Sleepers wait on epoch_ (a futex word); a signal bumps it and wakes them.
    alignas(kCacheLine) std::atomic<std::uint32_t> epoch_{0};
    std::atomic<int> sleepers_{0};
};

}  // namespace sos::pipeline
