// SIGINT and SIGTERM as a file descriptor (signalfd), so that a blocked read, a paced sleep and
// a generator's loop can all notice a stop request without async-signal-unsafe handlers:
// the tool finishes the line in hand, flushes and exits with 128 + the signal number.
// Create it in main() before any thread starts, so every thread inherits the blocked mask.
#pragma once

#include <atomic>
#include <chrono>

namespace sos::pipeline {

class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    int fd() const { return fd_; }
    // Non-blocking check; remembers the first signal seen.
    bool requested();
    int signal_number() const { return signo_.load(); }
    // Sleeps unless a stop is requested meanwhile; returns false when interrupted.
    bool sleep_for(std::chrono::nanoseconds d);

private:
    int fd_ = -1;
    std::atomic<int> signo_{0};
};

}  // namespace sos::pipeline
