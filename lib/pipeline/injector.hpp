// An operator's lines into a running stage (a control socket's, lib/control), from any thread.
//
// A filter stage: the line is decided on the deciding role (decider.hpp), between two batches
// of input, like a line that was read: the filter is never touched by two threads at once, and
// what it writes goes out in stream order and flows on downstream (so the journal records it).
//
// A producing stage (sos-feed live): the request is handed to the stage's own loop, which
// wakes on wake_fd(), checks the line and writes it between two of its records (serve()).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/filter.hpp"
#include "time/timestamp.hpp"

namespace sos::pipeline {

class Decider;

class Injector {
public:
    using LineMaker = std::function<std::string(std::optional<time::Timestamp> stream_clock)>;

    Injector();
    ~Injector();
    Injector(const Injector&) = delete;
    Injector& operator=(const Injector&) = delete;

    // Decodes `line` (one NDJSON object, no newline) and has the filter decide it
    // (Filter::admit); the filter's answer. Refused NOT_RUNNING while no stage runs (before it
    // starts, once it has ended) and BAD_LINE when the line is not a valid event.
    Admission inject(std::string_view line);
    // The same with the line made on the deciding role from the stream's clock (Decider).
    Admission inject(const LineMaker& make);
    // The filter's state (Filter::health), read on the deciding role: members of a JSON object
    // as text. None while no stage runs.
    std::optional<std::string> state();

    // For a filter stage: a decider to give lines to, from its start until just before its end.
    void attach(Decider& decider);
    void detach();

    // For a producing stage: requests wait for its loop from open_loop() until close_loop().
    // The loop adds wake_fd() to what it waits on and, whenever waiting() (a relaxed load, for
    // a busy loop), calls serve() on its own thread.
    struct LoopServer {
        std::function<Admission(const LineMaker&)> line;  // checks and writes a line
        std::function<std::string()> state;               // the producer's health state
    };
    void open_loop();
    void close_loop();
    int wake_fd() const { return wake_fd_; }
    bool waiting() const { return waiting_.load(std::memory_order_relaxed); }
    void serve(const LoopServer& server);

private:
    Admission hand_to_loop(const LineMaker* make, std::string* state);

    std::mutex mutex_;  // one request at a time; held while a line is given to a decider
    Decider* decider_ = nullptr;

    // The producing stage's hand-off: one request in the slot, answered by the loop.
    std::mutex slot_mutex_;
    std::condition_variable answered_;
    bool loop_open_ = false;
    const LineMaker* slot_make_ = nullptr;  // a line to write, or
    std::string* slot_state_ = nullptr;     // the state to read
    std::optional<Admission> slot_answer_;
    std::atomic<bool> waiting_{false};
    int wake_fd_ = -1;
};

}  // namespace sos::pipeline
