#include "pipeline/wait_strategy.hpp"

#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SOS_CPU_RELAX() _mm_pause()
#else
#define SOS_CPU_RELAX() std::this_thread::yield()
#endif

namespace sos::pipeline {

std::int64_t SpinThenBlockWait::wait_for(std::int64_t target, const Sequence& seq, const std::atomic<bool>& stop,
                                         std::chrono::steady_clock::time_point deadline) {
    std::int64_t v = seq.get();
    for (int i = 0; v < target && i < spins_; ++i) {
        if (stop.load(std::memory_order_relaxed)) return v;
        SOS_CPU_RELAX();
        v = seq.get();
    }
    if (v >= target) return v;
    for (int i = 0; v < target && i < 4; ++i) {
        std::this_thread::yield();
        v = seq.get();
    }
    while (v < target && !stop.load(std::memory_order_acquire)) {
        // Dekker-style handshake: we announce ourselves (seq_cst) before re-reading the
        // sequence; the signaller advances the sequence (seq_cst) before reading sleepers_.
        // One of the two always sees the other, so no wake-up is lost.
        std::unique_lock lock(mutex_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        v = seq.get();
        bool timed_out = false;
        if (v < target && !stop.load(std::memory_order_seq_cst)) {
            if (deadline == std::chrono::steady_clock::time_point::max()) {
                cv_.wait(lock);
            } else {
                timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
            }
        }
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        v = seq.get();
        if (timed_out || std::chrono::steady_clock::now() >= deadline) break;
    }
    return v;
}

void SpinThenBlockWait::signal() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
        std::lock_guard lock(mutex_);
        cv_.notify_all();
    }
}

void SpinThenBlockWait::signal_all() {
    std::lock_guard lock(mutex_);
    cv_.notify_all();
}

}  // namespace sos::pipeline
