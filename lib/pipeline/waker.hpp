// A wake-up for a filter stage's deciding role from another thread: work has arrived that no
// input line brings (a live broker's HTTP answer or order_update frame, queued by its network
// thread), and the filter's on_idle should take it now rather than at the next line or tick.
//
// The tool makes one before its filter and its network clients (it outlives them both), hands
// wake() to the clients as their ready hook and the Waker to the stage (StageConfig::waker).
// While the stage runs, wake() nudges the deciding thread's wait on the input ring
// (RingBuffer::nudge): it returns, and the thread takes the role and runs Filter::on_idle, as
// at a tick. Wakes before the stage attaches are kept (one on_idle as it starts); after it
// detaches they go nowhere.
//
// wake() never waits for the deciding role, nor for anything but this object's own mutex,
// which either side holds only for a store and a futex wake: a network thread calling it
// cannot deadlock with a deciding thread that waits on that client's lock. Callers call it
// with none of their own locks held, after the result is queued (so on_idle finds it).
#pragma once

#include <functional>
#include <mutex>

namespace sos::pipeline {

class Waker {
public:
    // From any thread: has the running stage's filter run on_idle soon. Never blocks for long.
    void wake();
    // A hook for a network client (net::HttpOptions::on_ready, net::WsOptions::on_ready).
    std::function<void()> hook() {
        return [this] { wake(); };
    }

    // The stage: `nudge` ends the deciding thread's wait (called under this object's mutex,
    // so it must not block) from now until detach().
    void attach(std::function<void()> nudge);
    void detach();

private:
    std::mutex mu_;
    std::function<void()> nudge_;  // guarded by mu_
    bool pending_ = false;         // guarded by mu_: woken while no stage was attached
};

}  // namespace sos::pipeline
