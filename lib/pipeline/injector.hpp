// An operator's lines into a running filter stage (a control socket's, lib/control), from any
// thread. A line is decided on the deciding role (decider.hpp), between two batches of input,
// like a line that was read: the filter is never touched by two threads at once, and what it
// writes goes out in stream order and flows on downstream (so the journal records it).
#pragma once

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
    // Decodes `line` (one NDJSON object, no newline) and has the filter decide it
    // (Filter::admit); the filter's answer. Refused NOT_RUNNING while no stage runs (before it
    // starts, once it has ended) and BAD_LINE when the line is not a valid event.
    Admission inject(std::string_view line);
    // The same with the line made on the deciding role from the stream's clock (Decider).
    Admission inject(const std::function<std::string(std::optional<time::Timestamp>)>& make);
    // The filter's state (Filter::health), read on the deciding role: members of a JSON object
    // as text. None while no stage runs.
    std::optional<std::string> state();

    // For the stage: a decider to give lines to, from its start until just before its end.
    void attach(Decider& decider);
    void detach();

private:
    std::mutex mutex_;  // held while a line is given, so detach waits for it
    Decider* decider_ = nullptr;
};

}  // namespace sos::pipeline
