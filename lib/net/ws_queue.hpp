// The bounded queue between a WebSocket connection's service thread (one producer) and its
// consumer (one thread), with a file descriptor that is readable while it holds anything
// published.
//
// Messages are copied once, into a byte arena; the consumer takes the whole arena in one swap
// under the lock and reads it without the lock, so a burst costs one lock per message on the
// producer side and one per pass on the consumer side, and steady state allocates nothing.
//
// Bounded: the messages not yet taken may hold at most `max_bytes`. When a message would go
// over, the oldest untaken messages are discarded (a quarter of the bound at a time, so a slow
// consumer does not pay a compaction per message) and a Lost event takes their place, carrying
// their count. A live feed behind by that much wants the newest ticks, and must learn that it
// lost the others; back-pressure instead would stall the socket, let the server's own queue
// overflow and hide the loss there. State events are never discarded. With the arena the
// consumer holds, memory stays under twice the bound.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/ready_signal.hpp"
#include "net/ws_event.hpp"

namespace sos::net {

class WsEventQueue {
public:
    // `on_ready`, when set, is called (on the producer's thread, with no lock held) whenever
    // the fd is raised: events became visible to a consumer that had taken everything.
    explicit WsEventQueue(std::size_t max_bytes, std::function<void()> on_ready = {});

    int fd() const { return ready_.fd(); }

    // Producer side. Messages become visible to poll() at publish(): the service thread
    // publishes once per pass over its sockets, not once per message, so a burst of ticks costs
    // one wake-up of the consumer instead of one each. State events are published at once.
    void push_message(std::string_view data, bool binary, std::int64_t at_ns);
    void push_opened(std::int64_t at_ns);
    void push_closed(WsCloseCause cause, int code, std::string_view reason, std::int64_t at_ns);
    void publish();

    // Consumer side: calls f(const WsEvent&) for up to `max` events, oldest first. The fd stays
    // readable while events remain. Returns how many were given.
    template <class F>
    std::size_t drain(F&& f, std::size_t max = SIZE_MAX);

    std::uint64_t lost_total() const { return lost_total_.load(std::memory_order_relaxed); }

private:
    struct Entry {
        WsEventKind kind;
        bool binary;
        WsCloseCause cause;
        int code;
        std::uint64_t lost;
        std::int64_t at_ns;
        std::size_t offset;
        std::size_t size;
    };
    struct Batch {
        std::string bytes;
        std::vector<Entry> entries;
        std::size_t message_bytes = 0;  // bytes of Message entries (what the bound counts)
        bool empty() const { return entries.empty(); }
        void clear() {
            bytes.clear();
            entries.clear();
            message_bytes = 0;
        }
    };

    void push_locked(const Entry& e, std::string_view data);
    bool publish_locked();  // true when it raised the fd (call notify() after unlocking)
    void notify(bool raised) const {
        if (raised && on_ready_) on_ready_();
    }
    void discard_oldest_locked(std::size_t need);
    bool refill();  // takes the pending batch; false when there was none
    WsEvent event_at(const Entry& e) const;

    const std::size_t max_bytes_;
    const std::function<void()> on_ready_;
    std::mutex mu_;
    Batch pending_;  // guarded by mu_
    bool raised_ = false;
    Batch taken_;  // the consumer's
    std::size_t next_ = 0;
    ReadySignal ready_;
    std::atomic<std::uint64_t> lost_total_{0};
};

template <class F>
std::size_t WsEventQueue::drain(F&& f, std::size_t max) {
    std::size_t n = 0;
    while (n < max) {
        if (next_ == taken_.entries.size() && !refill()) break;
        f(event_at(taken_.entries[next_++]));
        ++n;
    }
    return n;
}

}  // namespace sos::net
