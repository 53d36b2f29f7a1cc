// The deciding role of a filter tool: in input order, it checks each decoded line (time order,
// the bad-input policy) and hands good ones to the tool's Filter, whose output it flushes when
// input goes idle. One thread at a time holds the role: normally the deciding thread, which
// takes batches from the ring; but when every earlier batch is done and a read brings only a
// few lines, the reading thread takes the role and decides them itself, run-to-completion, so a
// lone live line crosses no thread at all (as through `cat`).
//
// Whatever the filter throws is caught here, on whichever thread holds the role (filter.hpp
// says what happens then).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/input_batch.hpp"
#include "pipeline/line_decoder.hpp"
#include "time/timestamp.hpp"

namespace sos::pipeline {

class Decider {
public:
    Decider(Filter& filter, ndjson::Output& out, diag::BadInput& bad, std::string source)
        : filter_(filter), out_(out), checker_(bad, std::move(source)) {}

    // The role. Acquire and release order every access to the filter and the output.
    bool try_acquire() {
        bool free = false;
        return held_.compare_exchange_strong(free, true, std::memory_order_acq_rel);
    }
    void acquire();
    void release() { held_.store(false, std::memory_order_release); }

    // With the role held: decides every line of the batch (decoding it first when it is an
    // inline batch). Returns false when the stage must stop (--strict, the filter needs no
    // more input, or it threw).
    bool decide(InputBatch& batch);
    void idle();
    // Calls the filter's on_end, unless the filter failed.
    void end();

    // An operator's line (injector.hpp): takes the role, decodes the line, has the filter
    // decide it (Filter::admit), flushes what it wrote, and gives the role back. From any thread.
    Admission inject(std::string_view line);
    // The same, the line made on the role from the stream's clock: the latest time of the lines
    // decided so far (none before the first), so that an operator's line in a replay can be
    // stamped with the replay's time.
    using LineMaker = std::function<std::string(std::optional<time::Timestamp> stream_clock)>;
    Admission inject(const LineMaker& make);
    // The filter's state for an operator (Filter::health), on the role. From any thread.
    std::string state();

    bool stopped() const { return stopped_.load(std::memory_order_acquire); }
    // The filter threw (reported): the stage ends with StopReason::InternalError.
    bool filter_failed() const { return filter_failed_; }

private:
    bool decide_lines(InputBatch& batch);
    // Reports what the filter threw (the exception in flight) and stops the stage.
    void filter_threw() noexcept;

    Filter& filter_;
    ndjson::Output& out_;
    LineDecoder checker_;
    event::Decoder decoder_;
    event::Decoder injected_decoder_;  // an injected line's, beside the input's
    event::EventList injected_events_;
    std::string injected_text_;
    bool ended_ = false;
    std::optional<time::Timestamp> clock_;  // the latest event time decided
    std::atomic<bool> held_{false};
    std::atomic<bool> stopped_{false};
    bool filter_failed_ = false;
    std::uint64_t line_ = 0;  // the line being decided, for the report of a throw
};

}  // namespace sos::pipeline
