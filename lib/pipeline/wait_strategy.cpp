#include "pipeline/wait_strategy.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <ctime>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SOS_CPU_RELAX() _mm_pause()
#else
#define SOS_CPU_RELAX() std::this_thread::yield()
#endif

namespace sos::pipeline {

namespace {

// The futex system call directly: a mutex and condition variable would add a lock handoff
// to every wake-up, and std::atomic::wait has no timeout.
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, const timespec* timeout) {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, timeout,
            nullptr, 0);
}

void futex_wake_all(std::atomic<std::uint32_t>& word) {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr,
            0);
}

}  // namespace

std::int64_t SpinThenBlockWait::wait_for(std::int64_t target, const Sequence& seq,
                                         const std::atomic<bool>& stop,
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
    const bool timed = deadline != std::chrono::steady_clock::time_point::max();
    while (v < target && !stop.load(std::memory_order_acquire)) {
        // Dekker-style handshake, all in the one seq_cst order: we announce ourselves and take
        // the epoch before re-reading the sequence; the signaller advances the sequence before
        // reading sleepers_. One of the two always sees the other, and a signal between our
        // re-read and the futex call changes the epoch, so the futex returns at once.
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        const std::uint32_t epoch = epoch_.load(std::memory_order_seq_cst);
        v = seq.get_seq_cst();
        if (v < target && !stop.load(std::memory_order_seq_cst)) {
            if (!timed) {
                futex_wait(epoch_, epoch, nullptr);
            } else {
                auto left = deadline - std::chrono::steady_clock::now();
                if (left <= std::chrono::steady_clock::duration::zero()) {
                    sleepers_.fetch_sub(1, std::memory_order_relaxed);
                    break;
                }
                auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
                timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
                futex_wait(epoch_, epoch, &ts);
            }
        }
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        v = seq.get();
        if (timed && std::chrono::steady_clock::now() >= deadline) break;
    }
    return v;
}

void SpinThenBlockWait::signal() {
    // No fence: the sequence was advanced with a seq_cst store (Sequence::set_and_fence), which
    // the seq_cst load below cannot be reordered before (and ThreadSanitizer cannot model
    // standalone fences).
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
        epoch_.fetch_add(1, std::memory_order_seq_cst);
        futex_wake_all(epoch_);
    }
}

void SpinThenBlockWait::signal_all() {
    epoch_.fetch_add(1, std::memory_order_seq_cst);
    futex_wake_all(epoch_);
}

}  // namespace sos::pipeline
