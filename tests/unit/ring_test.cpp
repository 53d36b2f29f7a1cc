#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pipeline/ring_buffer.hpp"

using sos::pipeline::RingBuffer;

namespace {
// Producer publishes 1..n (in batches of `batch`), consumer checks every value arrives once
// and in order.
void run_pair(std::size_t ring_size, std::int64_t n, std::int64_t batch, int spins) {
    RingBuffer<std::int64_t> ring(ring_size, spins);
    std::int64_t sum = 0, expected_next = 1;
    bool in_order = true;
    std::thread consumer([&] {
        std::int64_t next = 0;
        for (;;) {
            std::int64_t avail = ring.wait(next);
            if (avail < next) break;
            for (; next <= avail; ++next) {
                std::int64_t v = ring.slot(next);
                if (v != expected_next) in_order = false;
                ++expected_next;
                sum += v;
            }
            ring.release(avail);
        }
    });
    std::int64_t value = 1;
    while (value <= n) {
        std::int64_t k = std::min(batch, n - value + 1);
        std::int64_t hi = ring.claim(k);
        REQUIRE(hi >= 0);
        for (std::int64_t s = hi - k + 1; s <= hi; ++s)
            ring.slot(s) = value++;
        ring.publish(hi);
    }
    ring.close();
    consumer.join();
    REQUIRE(in_order);
    REQUIRE(expected_next == n + 1);
    REQUIRE(sum == n * (n + 1) / 2);
}
}  // namespace

TEST_CASE("ring delivers every item once and in order across wrap-around") {
    run_pair(8, 10000, 1, 100);
    run_pair(8, 10000, 3, 100);
}

TEST_CASE("ring stress: a million items through a small ring with batch claiming") {
    run_pair(64, 1'000'000, 16, 2000);
    run_pair(4, 200'000, 4, 0);  // no spinning: every wait blocks
}

TEST_CASE("a full ring holds the producer back until the consumer releases") {
    RingBuffer<int> ring(4, 10);
    for (int i = 0; i < 4; ++i) {
        auto s = ring.claim();
        ring.slot(s) = i;
        ring.publish(s);
    }
    std::atomic<bool> claimed{false};
    std::thread producer([&] {
        auto s = ring.claim();  // must wait: the ring is full
        claimed = true;
        ring.slot(s) = 4;
        ring.publish(s);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE_FALSE(claimed.load());
    REQUIRE(ring.wait(0) == 3);
    ring.release(0);  // one slot back
    producer.join();
    REQUIRE(claimed.load());
    REQUIRE(ring.wait(4) == 4);
    REQUIRE(ring.slot(4) == 4);
}

TEST_CASE("a waiting consumer is woken by close and drains what was published") {
    RingBuffer<int> ring(8, 0);
    std::int64_t got = -2;
    std::thread consumer([&] { got = ring.wait(0); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ring.close();
    consumer.join();
    REQUIRE(got == -1);  // closed, nothing published
    RingBuffer<int> ring2(8, 0);
    auto s = ring2.claim();
    ring2.publish(s);
    ring2.close();
    REQUIRE(ring2.wait(0) == 0);
    REQUIRE(ring2.wait(1) == 0);
}

TEST_CASE("request_stop releases a producer blocked on a full ring") {
    RingBuffer<int> ring(2, 0);
    ring.publish(ring.claim(2));
    std::int64_t result = 0;
    std::thread producer([&] { result = ring.claim(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ring.request_stop();
    producer.join();
    REQUIRE(result == -1);
}

TEST_CASE("an idle consumer sleeps instead of spinning") {
    RingBuffer<int> ring(8, 100);
    std::thread consumer([&] { ring.wait(0); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // Measure the CPU time the process uses while the consumer waits.
    auto cpu = [] {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e9 + ts.tv_nsec;
    };
    double before = cpu();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    double used_ms = (cpu() - before) / 1e6;
    auto s = ring.claim();
    ring.publish(s);
    consumer.join();
    REQUIRE(used_ms < 20);  // a spinning waiter would burn ~200 ms
}

TEST_CASE("a nudge ends the consumer's wait once, with nothing published, and is never lost") {
    using Clock = std::chrono::steady_clock;
    using std::chrono::milliseconds;
    RingBuffer<int> ring(8, 100);
    std::atomic<bool> returned{false};
    std::int64_t got = 0;
    std::thread consumer([&] {
        got = ring.wait(0);  // no deadline: only a nudge (or a publish) ends it
        returned.store(true);
    });
    std::this_thread::sleep_for(milliseconds(50));
    REQUIRE_FALSE(returned.load());
    ring.nudge();  // from another thread than the consumer's
    consumer.join();
    REQUIRE(got < 0);  // below the sequence waited for: nothing was published

    // Taken: the next wait sleeps until its deadline.
    auto t0 = Clock::now();
    REQUIRE(ring.wait(0, t0 + milliseconds(50)) < 0);
    REQUIRE(Clock::now() - t0 >= milliseconds(50));

    // A nudge while the consumer is busy is kept for its next wait, which returns at once.
    ring.nudge();
    t0 = Clock::now();
    REQUIRE(ring.wait(0, t0 + std::chrono::seconds(10)) < 0);
    REQUIRE(Clock::now() - t0 < std::chrono::seconds(5));

    // Published items come first; the nudge still ends the wait after them once.
    ring.nudge();
    ring.publish(ring.claim());
    REQUIRE(ring.wait(0) == 0);
    ring.release(0);
    REQUIRE(ring.wait(1) == 0);
}

TEST_CASE("ring size must be a power of two") {
    REQUIRE_THROWS(RingBuffer<int>(6));
    REQUIRE_THROWS(RingBuffer<int>(0));
}
