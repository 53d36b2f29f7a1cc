// Why a stage stopped, as the stage sees it. The pipeline knows nothing of exit statuses: only
// lib/cli turns an outcome into one (cli/exit_status.hpp), so the documented statuses live in
// one place and the pipeline does not depend on the command line.
#pragma once

namespace sos::pipeline {

enum class StopReason {
    EndOfInput,        // the input or the source ran out, or the tool needed no more of it
    DownstreamClosed,  // the reader downstream went away: not an error
    BadInput,          // --strict met a bad line (already reported)
    Signal,            // SIGINT or SIGTERM, after a clean flush
    ReadFailed,        // reading the input failed (already reported)
    WriteFailed,       // writing the output failed (already reported)
    InternalError,     // the tool's own code threw: a bug (already reported)
};

struct StageOutcome {
    StopReason reason = StopReason::EndOfInput;
    int signal = 0;  // which one, with StopReason::Signal
};

// What a stage saw happen, and the one order in which that decides its outcome: a bug first,
// then --strict, then a reader gone (not an error when nothing else failed), then I/O, then a
// stop signal.
struct StageEvents {
    bool tool_failed = false;  // the filter or producer threw
    bool bad_input_tripped = false;
    bool downstream_closed = false;
    bool write_ok = true;
    bool read_failed = false;
    int signal = 0;
};

inline StageOutcome outcome_of(const StageEvents& e) {
    if (e.tool_failed) return {StopReason::InternalError, 0};
    if (e.bad_input_tripped) return {StopReason::BadInput, 0};
    if (e.downstream_closed && e.write_ok) return {StopReason::DownstreamClosed, 0};
    if (!e.write_ok) return {StopReason::WriteFailed, 0};
    if (e.read_failed) return {StopReason::ReadFailed, 0};
    if (e.signal) return {StopReason::Signal, e.signal};
    return {StopReason::EndOfInput, 0};
}

}  // namespace sos::pipeline
