// The pipeline ring against its baseline twin: the same producer/consumer handoff over a
// bounded std::deque guarded by a mutex and condition variables. Prints items per second.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "pipeline/ring_buffer.hpp"

namespace {

constexpr std::int64_t kItems = 20'000'000;

class MutexQueue {
public:
    explicit MutexQueue(std::size_t cap) : cap_(cap) {}
    void push(std::int64_t v) {
        std::unique_lock lock(m_);
        not_full_.wait(lock, [&] { return q_.size() < cap_; });
        q_.push_back(v);
        not_empty_.notify_one();
    }
    std::int64_t pop() {
        std::unique_lock lock(m_);
        not_empty_.wait(lock, [&] { return !q_.empty(); });
        auto v = q_.front();
        q_.pop_front();
        not_full_.notify_one();
        return v;
    }

private:
    std::size_t cap_;
    std::mutex m_;
    std::condition_variable not_full_, not_empty_;
    std::deque<std::int64_t> q_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
    {
        sos::pipeline::RingBuffer<std::int64_t> ring(1024);
        std::int64_t sum = 0;
        auto t0 = std::chrono::steady_clock::now();
        std::thread consumer([&] {
            std::int64_t next = 0;
            for (;;) {
                std::int64_t avail = ring.wait(next);
                if (avail < next) break;
                for (; next <= avail; ++next)
                    sum += ring.slot(next);
                ring.release(avail);
            }
        });
        for (std::int64_t i = 0; i < kItems; i += 64) {
            std::int64_t hi = ring.claim(64);
            for (std::int64_t s = hi - 63; s <= hi; ++s)
                ring.slot(s) = 1;
            ring.publish(hi);
        }
        ring.close();
        consumer.join();
        double s = seconds_since(t0);
        std::printf("ring (batches of 64)      %8.1f M items/s\n", static_cast<double>(sum) / s / 1e6);
    }
    {
        sos::pipeline::RingBuffer<std::int64_t> ring(1024);
        std::int64_t sum = 0;
        auto t0 = std::chrono::steady_clock::now();
        std::thread consumer([&] {
            std::int64_t next = 0;
            for (;;) {
                std::int64_t avail = ring.wait(next);
                if (avail < next) break;
                for (; next <= avail; ++next)
                    sum += ring.slot(next);
                ring.release(avail);
            }
        });
        for (std::int64_t i = 0; i < kItems / 4; ++i) {
            std::int64_t s = ring.claim();
            ring.slot(s) = 1;
            ring.publish(s);
        }
        ring.close();
        consumer.join();
        double s = seconds_since(t0);
        std::printf("ring (one at a time)      %8.1f M items/s\n", static_cast<double>(sum) / s / 1e6);
    }
    {
        MutexQueue q(1024);
        std::int64_t sum = 0;
        const std::int64_t n = kItems / 10;
        auto t0 = std::chrono::steady_clock::now();
        std::thread consumer([&] {
            for (std::int64_t i = 0; i < n; ++i)
                sum += q.pop();
        });
        for (std::int64_t i = 0; i < n; ++i)
            q.push(1);
        consumer.join();
        double s = seconds_since(t0);
        std::printf("mutex+condvar queue       %8.1f M items/s   (baseline)\n",
                    static_cast<double>(sum) / s / 1e6);
    }
}
