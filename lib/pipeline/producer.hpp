// A producing tool's logic as the pipeline sees it (sos-feed: a source and what is done with
// its records), the counterpart of Filter for tools whose data does not come from --in. The
// stage calls step() on one thread for as long as it makes progress; when it has nothing ready
// the stage writes out what was produced, waits on everything the producer names (and the stop
// signal, and the tick) in one poll, and asks again. So output goes out as soon as the source
// pauses, a stop is seen within a millisecond or two, and a live source delivers when the
// network does.
//
// What a producer may throw: ndjson::ReadError when reading its data fails (the stage ends
// with StopReason::ReadFailed, exit 74); anything else is a bug, handled as for Filter
// (filter.hpp): "tool: internal error: WHAT", StopReason::InternalError, exit 70.
#pragma once

#include "ndjson/output.hpp"
#include "pipeline/health.hpp"
#include "pipeline/wait_set.hpp"

namespace sos::pipeline {

class Producer {
public:
    enum class Step {
        Wrote,  // a record was taken (and maybe written): call again
        Idle,   // nothing ready now: wait on what wait_on() names, then call again
        End,    // the data ended, or the producer needs no more of it
    };

    virtual ~Producer() = default;
    // Takes the next record, if one is ready, without blocking.
    virtual Step step(ndjson::Output& out) = 0;
    // After Idle: what to wait on (descriptors, a deadline). Nothing named means a tick or a
    // stop signal is the only way on: a producer that may go idle names what it waits for.
    virtual void wait_on(WaitSet&) {}
    // The wait ended (something fired, or the time came): descriptors are serviced here.
    virtual void woke(const WaitSet&) {}
    // The data paused, or a tick passed: time-driven work before the output is flushed.
    virtual void on_idle(ndjson::Output&) {}
    // The end: of the data, or of the run (a stop signal, the reader downstream gone); bars
    // still open are written, state is saved.
    virtual void on_end(ndjson::Output&) {}
    // The producer's own state for its HEALTH line (health.hpp): its sources, the records it
    // took, the event clock it has reached.
    virtual void health(HealthState&) const {}
};

}  // namespace sos::pipeline
