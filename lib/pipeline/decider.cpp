#include "pipeline/decider.hpp"

#include <fmt/format.h>

#include <exception>
#include <thread>

#include "diag/log.hpp"
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
        if (d.ok) deliver(filter_, batch.lines.text(span), span.number, d, out_);
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
    if (filter_failed_) return;
    line_ = 0;
    try {
        filter_.on_end(out_);
    } catch (...) {
        filter_threw();
    }
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
