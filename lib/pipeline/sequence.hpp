// A sequence counter alone on its cache line. A producer's cursor and a consumer's progress
// are written by different threads; sharing a 64-byte line would make every write by one
// invalidate the other's cache ("false sharing") and cost a cross-core round trip per event.
#pragma once

#include <atomic>
#include <cstdint>

namespace sos::pipeline {

inline constexpr std::size_t kCacheLine = 64;

class alignas(kCacheLine) Sequence {
public:
    static constexpr std::int64_t kInitial = -1;

    explicit Sequence(std::int64_t initial = kInitial) : value_(initial) {}
    Sequence(const Sequence&) = delete;
    Sequence& operator=(const Sequence&) = delete;

    // Acquire pairs with the release in set(): slot contents written before a publish are
    // visible to whoever observes the new value.
    std::int64_t get() const { return value_.load(std::memory_order_acquire); }
    void set(std::int64_t v) { value_.store(v, std::memory_order_release); }
    // Sequentially consistent store and load, for the sleep/wake handshake (wait_strategy.hpp).
    void set_and_fence(std::int64_t v) { value_.store(v, std::memory_order_seq_cst); }
    std::int64_t get_seq_cst() const { return value_.load(std::memory_order_seq_cst); }

private:
    std::atomic<std::int64_t> value_;
    [[maybe_unused]] char
        padding_[kCacheLine - sizeof(std::atomic<std::int64_t>)];  // keeps the next on its own line
};

static_assert(sizeof(Sequence) == kCacheLine);

}  // namespace sos::pipeline
