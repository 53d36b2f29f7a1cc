// One way out (a Transport) behind a bounded queue and a thread of its own, so that telling a
// person never blocks or slows the stream: the deciding thread only appends to the queue
// (offer(): a lock held for a push, never across the network), and the sender's thread takes
// notices one at a time, in order, and tries each until it is delivered, refused, or tried for
// give_up_after. Between tries it backs off (lib/live's Backoff: 1 s doubling to 60 s, jittered)
// or waits what the other side asked (Telegram's retry_after). A full queue drops its oldest
// notice, counted. Nothing a transport meets is fatal: everything is counted for the tool's
// HEALTH line and said once per run of failures on stderr.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alerts/transport.hpp"
#include "live/backoff.hpp"
#include "net/ready_signal.hpp"

namespace sos::alerts {

// How the way out is doing, by its last attempt.
enum class SinkState : std::uint8_t { Idle, Up, Retrying, Refused };

struct SenderOptions {
    std::size_t capacity = 256;                        // notices waiting, at most
    std::chrono::milliseconds give_up_after{600'000};  // a notice is tried this long, then failed
    live::BackoffPolicy backoff{.initial_s = 1, .max_s = 60, .jitter = 0.5, .healthy_after_s = 0};
    std::uint64_t seed = 1;  // the back-off's jitter
};

struct SenderStats {
    SinkState state = SinkState::Idle;
    std::uint64_t sent = 0;
    std::uint64_t retries = 0;  // attempts that failed and were tried again
    std::uint64_t failed = 0;   // refused, or given up after give_up_after
    std::uint64_t dropped = 0;  // pushed out of a full queue
    std::uint64_t unsent = 0;   // still waiting when the sender stopped
    std::size_t queued = 0;
    std::string problem;  // the last attempt's, while it is not delivering (no secret in it)
};

class Sender {
public:
    using Clock = std::chrono::steady_clock;

    Sender(std::unique_ptr<Transport> transport, SenderOptions options);
    ~Sender();  // stops at once: what is still queued is abandoned
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    std::string_view name() const { return transport_->name(); }

    // Queues a notice; never waits on the network. A full queue drops its oldest.
    void offer(Notice notice);
    // Lets the queue empty until `deadline`, then stops (an attempt under way is abandoned);
    // returns the notices left unsent. Further calls return the same.
    std::uint64_t finish(Clock::time_point deadline);

    SenderStats stats() const;

private:
    void run();
    void send(const Notice& notice);
    // Waits `seconds`, or less if stopped: false when stopped.
    bool pause(double seconds);
    void stop();
    void note_failure(const Delivery& d, SinkState state);
    void note_delivered();

    std::unique_ptr<Transport> transport_;
    SenderOptions options_;
    live::Backoff backoff_;    // the sender thread's
    int failures_in_run_ = 0;  // the sender thread's: attempts failed since the last delivery

    mutable std::mutex mu_;
    // Three conditions, so that a push wakes the sender only when it waits for work (a sender
    // backing off is not woken by every notice the stream brings meanwhile).
    std::condition_variable work_cv_;   // a notice queued while the sender waits for one, or stopping
    std::condition_variable pause_cv_;  // stopping: ends a back-off
    std::condition_variable done_cv_;   // a notice finished, or stopping: for finish()
    std::deque<Notice> queue_;          // guarded by mu_
    bool busy_ = false;                 // guarded by mu_: a notice is being sent
    bool waiting_ = false;              // guarded by mu_: the sender waits for work
    bool stopping_ = false;             // guarded by mu_
    bool dropping_ = false;             // guarded by mu_: the queue overflowed since it last emptied
    std::string problem_;               // guarded by mu_
    net::ReadySignal stop_signal_;      // readable once stopping: ends a transport's wait

    std::atomic<SinkState> state_{SinkState::Idle};
    std::atomic<std::uint64_t> sent_{0}, retries_{0}, failed_{0}, dropped_{0}, unsent_{0};
    std::thread thread_;  // last: started when everything above exists
};

}  // namespace sos::alerts

namespace sos::vocab {

template <>
struct Names<alerts::SinkState> {
    static constexpr std::array<std::string_view, 4> table = {"idle", "up", "retrying", "refused"};
};

}  // namespace sos::vocab
