// A bounded, pre-allocated ring in the style of the LMAX Disruptor. Slots are constructed once
// and reused; each sequence passes through its slot in stages, and every hand-over from one
// thread to the next is a Sequence stored with release (seq_cst) and loaded with acquire, so
// what one stage wrote in the slot is visible to the next.
//
// The protocol (who may touch a slot, and when):
//   - One producer at a time claims sequences, fills their slots in place and publishes them
//     (the cursor). It may keep a claimed slot unpublished as long as it likes.
//   - Between publishing and consuming, processors may work on published slots in place, each
//     on its own disjoint set of sequences, publishing its progress on a Sequence of its own;
//     the ring itself knows nothing of them (they wait on cursor()). The filter stage's
//     decoding workers are such processors: worker k of n decodes the slots of sequences
//     k, k+n, ... and no other.
//   - One consumer at a time takes published sequences in order, reads (and may write) their
//     slots once every processor of the slot is past it, and releases them; a released slot
//     may be claimed again. A producer that runs ahead by the ring's size waits for the
//     consumer, so a slow reader downstream applies back-pressure instead of growing memory.
// "One at a time" is a role, not a thread: the filter stage's output ring is produced into by
// whichever thread holds the deciding role (decider.hpp), whose hand-over orders the two.
// request_stop, close and nudge may come from any thread. The stage's threads run under
// ThreadSanitizer in the `tsan` tests (tests/unit/ring_test.cpp, stage_test.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "pipeline/sequence.hpp"
#include "pipeline/wait_strategy.hpp"

namespace sos::pipeline {

template <class T>
class RingBuffer {
public:
    // `size` must be a power of two so a sequence maps to its slot with a mask.
    explicit RingBuffer(std::size_t size, int spin_iterations = 200)
        : slots_(size),
          mask_(static_cast<std::int64_t>(size) - 1),
          producer_wait_(spin_iterations),
          consumer_wait_(spin_iterations) {
        if (size == 0 || (size & (size - 1)) != 0)
            throw std::invalid_argument("ring size must be a power of two");
    }
    RingBuffer(const RingBuffer&) = delete;
    RingBuffer& operator=(const RingBuffer&) = delete;

    std::size_t size() const { return slots_.size(); }
    T& slot(std::int64_t seq) { return slots_[static_cast<std::size_t>(seq & mask_)]; }

    // --- producer side ---

    // Claims the next `n` sequences (batch claiming), waiting while the ring is full.
    // Returns the highest claimed sequence, or -1 when stopped while waiting.
    std::int64_t claim(std::int64_t n = 1) {
        const std::int64_t hi = next_ + n;
        const std::int64_t wrap = hi - static_cast<std::int64_t>(slots_.size());
        if (wrap > cached_consumer_) {
            cached_consumer_ = producer_wait_.wait_for(wrap, consumed_, stop_);
            if (cached_consumer_ < wrap) return -1;
        }
        next_ = hi;
        return hi;
    }
    // Makes every sequence up to `seq` visible to the consumer.
    void publish(std::int64_t seq) {
        cursor_.set_and_fence(seq);
        consumer_wait_.signal();
    }
    // Marks the end of the stream: the consumer drains what was published, then stops.
    void close() {
        closed_.store(true, std::memory_order_seq_cst);
        wake_.store(true, std::memory_order_seq_cst);
        consumer_wait_.signal_all();
    }

    // --- consumer side ---

    // Waits until `seq` is published and returns the highest published sequence (>= seq:
    // everything up to it can be processed as one batch). Returns < seq when the ring was
    // closed and drained, or stopped, or the deadline passed, or nudge() was called.
    std::int64_t wait(std::int64_t seq, std::chrono::steady_clock::time_point deadline =
                                            std::chrono::steady_clock::time_point::max()) {
        for (;;) {
            std::int64_t avail = cursor_.get();
            if (avail >= seq) return avail;
            // close() comes after the last publish, so once closed_ reads true the cursor
            // read below sees everything that will ever be published.
            if (stop_.load(std::memory_order_acquire) || closed_.load(std::memory_order_acquire))
                return cursor_.get();
            // Not closed or stopped when checked (both are for good): a set wake_ is a nudge,
            // taken here once; one that comes later sets it again and ends the wait below. It
            // may be a close's, just made: the cursor read after it sees its last publish.
            if (wake_.exchange(false, std::memory_order_seq_cst)) return cursor_.get();
            avail = consumer_wait_.wait_for(seq, cursor_, wake_, deadline);
            if (avail >= seq) return avail;
            if (std::chrono::steady_clock::now() >= deadline) return avail;
        }
    }
    // Sequences published but not yet released by the consumer, seen from the consumer.
    bool has_published_after(std::int64_t seq) const { return cursor_.get() > seq; }
    // Returns slots up to `seq` to the producer.
    void release(std::int64_t seq) {
        consumed_.set_and_fence(seq);
        producer_wait_.signal();
    }
    bool closed() const { return closed_.load(std::memory_order_acquire); }
    // The producer's cursor, for threads that wait on it with their own wait strategy
    // (workers woken only for the batches that concern them).
    const Sequence& cursor() const { return cursor_; }
    // Last sequence the consumer released (its work on it finished).
    std::int64_t consumed() const { return consumed_.get(); }

    // Makes the consumer's wait return (below `seq`) once, now or at its next wait if it is
    // not waiting: another thread has work for it that is not on the ring (a network answer
    // for the filter stage's on_idle). Never blocks: a store and at most a futex wake. Nudges
    // before the consumer looks count as one; one while it is busy is not lost (its next wait
    // returns at once).
    void nudge() {
        // The flag before the signal, and the waiter checks it after announcing itself
        // (SpinThenBlockWait's handshake): either it sees the flag or we see it asleep.
        wake_.store(true, std::memory_order_seq_cst);
        consumer_wait_.signal();
    }

    // Wakes both sides and makes every wait return (shutdown on error or signal).
    void request_stop() {
        stop_.store(true, std::memory_order_seq_cst);
        wake_.store(true, std::memory_order_seq_cst);
        producer_wait_.signal_all();
        consumer_wait_.signal_all();
    }
    bool stopped() const { return stop_.load(std::memory_order_acquire); }

private:
    std::vector<T> slots_;
    const std::int64_t mask_;
    Sequence cursor_;                                             // last published (written by producer)
    Sequence consumed_;                                           // last released (written by consumer)
    alignas(kCacheLine) std::int64_t next_ = Sequence::kInitial;  // producer-private
    std::int64_t cached_consumer_ = Sequence::kInitial;           // producer-private cache of consumed_
    alignas(kCacheLine) std::atomic<bool> closed_{false};
    std::atomic<bool> stop_{false};
    // Closed, stopped or nudged: ends a consumer's blocking wait (a nudge's is taken by wait()).
    std::atomic<bool> wake_{false};
    SpinThenBlockWait producer_wait_;
    SpinThenBlockWait consumer_wait_;
};

}  // namespace sos::pipeline
