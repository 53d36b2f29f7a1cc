// A tool's deciding logic as the pipeline sees it: called once per valid input line with the
// canonical events the line stands for, in input order, on one thread. It passes the line on
// (usually first) and writes whatever it derives right after it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.hpp"
#include "ndjson/output.hpp"
#include "pipeline/health.hpp"

namespace sos::pipeline {

struct InputLine {
    std::string_view text;  // without its newline
    std::uint64_t number = 0;
    std::string_view type;
    event::Kind kind = event::Kind::Unknown;
    bool canonical = false;  // written in the canonical form (see event::Decoder::canonical)
    // Not read from the input: an operator's line given to the stage through its control socket
    // (lib/control, pipeline/injector.hpp). Its number is 0.
    bool injected = false;
};

// What a filter says of an injected line (Filter::admit): taken and acted upon, or refused
// with a reason code and words for a person. `fields` is more to tell the operator, members
// of a JSON object as text ("\"order\":\"m-1#1\",\"qty\":50"); empty for none.
struct Admission {
    bool ok = true;
    std::string reason;  // a code when refused (REJECT's reasons, BAD_LINE, ...)
    std::string detail;  // words for a person
    std::string fields;
};

// What a filter may throw: nothing, by design. Bad input is the stage's to report (a filter
// sees only good lines) and anything a filter meets of its own (a journal write failing, a
// state file it cannot save) it reports on stderr and handles itself. So whatever escapes
// on_line, on_batch_end, on_idle or on_end (std::exception or anything else) is taken for a
// bug: the stage catches it on whichever thread decides, prints "tool: internal error: WHAT
// (input line N)", stops reading, still writes every line written before it, calls the filter
// no more (not even on_end: its state is no longer trusted) and ends with
// StopReason::InternalError, which the tool turns into exit status 70. Never std::terminate.
class Filter {
public:
    virtual ~Filter() = default;
    virtual void on_line(const InputLine& line, const event::EventList& events, ndjson::Output& out) = 0;
    // The text of `line` and `events` are the stage's own, good until this is called: after
    // each batch of lines read (one line or many), before the stage reuses their storage. A
    // filter that keeps views of lines past on_line (sos-feed replay FILE holds each a little
    // while) copies here what it still needs.
    virtual void on_batch_end() {}
    // Input went quiet (or a tick passed): a chance for time-driven work before the flush. A
    // regular file never goes quiet (all of it is there): with one, only ticks call this.
    virtual void on_idle(ndjson::Output&) {}
    // End of input (or a stop request, or the reader downstream gone: side effects such as
    // a journal's last commit still happen; writes then go nowhere).
    virtual void on_end(ndjson::Output&) {}
    // The tool's own state for its HEALTH line (health.hpp): open orders, breakers, ...
    virtual void health(HealthState&) const {}
    // An operator's line (line.injected), decided on the deciding thread in order with the
    // input, as any line is: by default it is on_line's, and passed on is all the operator is
    // told. A tool that acts on it (sos-risk's pause or manual signal) says what it did.
    virtual Admission admit(const InputLine& line, const event::EventList& events, ndjson::Output& out) {
        on_line(line, events, out);
        return Admission{true, {}, "passed on", {}};
    }

    // True once the filter needs no more input (sos-feed past --end): the stage stops reading
    // and ends as at the end of the input, on_end included.
    bool input_done() const { return input_done_; }
    // True when the filter checks the time order of what it is given itself: the stage then
    // gives it lines that go back in time too (sos-feed replay FILE first judges each row by
    // the rows after it, and only then by the rows before it).
    bool checks_time_order() const { return checks_time_order_; }

protected:
    void end_input() { input_done_ = true; }
    void check_time_order_here() { checks_time_order_ = true; }

private:
    bool input_done_ = false;
    bool checks_time_order_ = false;
};

// The plain pass-through: every valid line out unchanged.
class PassThrough : public Filter {
public:
    void on_line(const InputLine& line, const event::EventList&, ndjson::Output& out) override {
        out.pass(line.type, line.text);
    }
};

}  // namespace sos::pipeline
