// A tool's deciding logic as the pipeline sees it: called once per valid input line with the
// canonical events the line stands for, in input order, on one thread. It passes the line on
// (usually first) and writes whatever it derives right after it.
#pragma once

#include <cstdint>
#include <string_view>

#include "event/event.hpp"
#include "ndjson/output.hpp"

namespace sos::pipeline {

struct InputLine {
    std::string_view text;  // without its newline
    std::uint64_t number = 0;
    std::string_view type;
    event::Kind kind = event::Kind::Unknown;
    bool canonical = false;  // written in the canonical form (see event::Decoder::canonical)
};

class Filter {
public:
    virtual ~Filter() = default;
    virtual void on_line(const InputLine& line, const event::EventList& events, ndjson::Output& out) = 0;
    // Input went quiet (or a tick passed): a chance for time-driven work before the flush.
    virtual void on_idle(ndjson::Output&) {}
    // End of input (or a stop request, or the reader downstream gone: side effects such as
    // a journal's last commit still happen; writes then go nowhere).
    virtual void on_end(ndjson::Output&) {}

    // A filter that must stop the whole stage (a fatal error of its own) calls this; the
    // stage stops reading, flushes what was written and returns `exit_code`.
    void request_stop(int exit_code) {
        stop_requested_ = true;
        stop_exit_code_ = exit_code;
    }
    bool stop_requested() const { return stop_requested_; }
    int stop_exit_code() const { return stop_exit_code_; }

private:
    bool stop_requested_ = false;
    int stop_exit_code_ = 0;
};

// The plain pass-through: every valid line out unchanged.
class PassThrough : public Filter {
public:
    void on_line(const InputLine& line, const event::EventList&, ndjson::Output& out) override {
        out.pass(line.type, line.text);
    }
};

}  // namespace sos::pipeline
