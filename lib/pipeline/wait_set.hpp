// What a producing stage waits on while its source has nothing ready: descriptors (standard
// input, a socket, a WebSocket, a timerfd) and a time, all in one poll(2) together with the
// stop signal. Sources add what they need before the wait and read what fired after it, so
// several sources, each with several descriptors (libwebsockets, curl's multi interface), and
// their timers share one loop on one thread.
#pragma once

#include <poll.h>

#include <chrono>
#include <vector>

namespace sos::pipeline {

class WaitSet {
public:
    using Clock = std::chrono::steady_clock;

    // Wake when `fd` has any of `events` (POLLIN, POLLOUT). Adding a descriptor twice merges.
    void add(int fd, short events = POLLIN);
    // Wake at `t` at the latest; the earliest time asked for wins.
    void until(Clock::time_point t);
    // The events that fired on `fd` in the last wait (0 when none, or not in the set).
    short fired(int fd) const;
    // True when the last wait ended because its time came.
    bool timed_out() const { return timed_out_; }

    // For the stage: forget everything before asking the sources again; wait for something in
    // the set, or the deadline (no later than `cap`). Returns false on a poll failure.
    void clear();
    Clock::time_point deadline() const { return deadline_; }
    bool wait(Clock::time_point cap);

private:
    std::vector<pollfd> fds_;
    Clock::time_point deadline_ = Clock::time_point::max();
    bool timed_out_ = false;
};

}  // namespace sos::pipeline
