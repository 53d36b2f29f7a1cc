#include "pipeline/decider.hpp"

#include <fmt/format.h>

#include <exception>
#include <thread>

#include "diag/log.hpp"
#include "event/kind.hpp"
#include "pipeline/line_processor.hpp"

namespace sos::pipeline {

void Decider::acquire() {
    // The other holder only ever keeps it for one small batch: wait by yielding.
    while (!try_acquire())
        std::this_thread::yield();
}

bool Decider::decide(InputBatch& batch) {
    if (filter_failed_) return false;
    try {
        const bool go_on = decide_lines(batch);
        line_ = 0;
        filter_.on_batch_end();  // the batch's lines are reused after this
        return go_on;
    } catch (...) {
        filter_threw();
        return false;
    }
}

bool Decider::decide_lines(InputBatch& batch) {
    const auto& lines = batch.lines.lines;
    if (batch.decoded.size() < lines.size()) batch.decoded.resize(lines.size());
    if (batch.inline_decode) {
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (!lines[i].overlong)
                LineDecoder::decode_only(decoder_, batch.lines.data(lines[i]), lines[i].length,
                                         batch.lines.capacity(lines[i]), batch.decoded[i]);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& span = lines[i];
        DecodedLine& d = batch.decoded[i];
        line_ = span.number;
        if (span.overlong)
            checker_.overlong(span.number, span.length, d);
        else
            checker_.check(span.number, d, !filter_.checks_time_order());
        if (d.ok) {
            deliver(filter_, batch.lines.text(span), span.number, d, out_);
            // The stream's clock, for an operator's line (inject): one comparison a line. Market
            // time only: a HEALTH line's wall-clock time would stamp a kill after every candle
            // of a replay still to come, and sos-exec would never flatten.
            if (!d.events.empty() && d.events[0].env.timestamp &&
                !event::is_operations(d.events[0].env.kind) &&
                (!clock_ || *clock_ < *d.events[0].env.timestamp))
                clock_ = d.events[0].env.timestamp;
        }
        if (d.stop || filter_.input_done()) {
            stopped_.store(true, std::memory_order_release);
            return false;
        }
    }
    return true;
}

void Decider::idle() {
    if (filter_failed_) return;
    line_ = 0;  // not about a line: a throw here names none
    try {
        filter_.on_idle(out_);
    } catch (...) {
        filter_threw();
    }
    out_.flush();
}

void Decider::end() {
    ended_ = true;  // no injected line after the filter's end
    if (filter_failed_) return;
    line_ = 0;
    try {
        filter_.on_end(out_);
    } catch (...) {
        filter_threw();
    }
}

Admission Decider::inject(std::string_view text) {
    return inject([text](std::optional<time::Timestamp>) { return std::string(text); });
}

Admission Decider::inject(const LineMaker& make) {
    acquire();
    std::string made;
    try {
        made = make(clock_);
    } catch (...) {
        release();
        throw;
    }
    std::string_view text = made;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);  // one line; the output adds its own newline
    Admission a;
    if (filter_failed_ || ended_ || stopped()) {
        a = Admission{false, "NOT_RUNNING", "the tool has stopped deciding lines", {}};
    } else if (!injected_decoder_.decode(text, injected_events_) || injected_events_.empty()) {
        a = Admission{false, "BAD_LINE", injected_decoder_.error().message(), {}};
    } else {
        // The decoder reads from a padded copy; the filter is given this text, which stays
        // valid until the role is released.
        injected_text_.assign(text);
        const event::Kind kind = injected_events_[0].env.kind;
        InputLine line{injected_text_, 0, event::type_name(kind), kind, false, true};
        line_ = 0;
        try {
            a = filter_.admit(line, injected_events_, out_);
            filter_.on_batch_end();  // a batch of one: its text and events are reused after this
            out_.flush();            // an operator's line goes out at once, whatever the input does
        } catch (...) {
            filter_threw();
            a = Admission{false, "INTERNAL", "the tool failed deciding the line (see its stderr)", {}};
        }
    }
    release();
    return a;
}

std::string Decider::state() {
    acquire();
    HealthState s;
    if (!filter_failed_) {
        try {
            filter_.health(s);
        } catch (...) {
            filter_threw();
        }
    }
    release();
    return s.fields;
}

void Decider::filter_threw() noexcept {
    filter_failed_ = true;
    stopped_.store(true, std::memory_order_release);
    const std::string where = line_ ? fmt::format(" (input line {})", line_) : std::string();
    try {
        throw;
    } catch (const std::exception& e) {
        diag::error("internal error: {}{}", e.what(), where);
    } catch (...) {
        diag::error("internal error: an exception that is not a std::exception{}", where);
    }
}

}  // namespace sos::pipeline
