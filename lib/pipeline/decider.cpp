#include "pipeline/decider.hpp"

#include <thread>

#include "pipeline/line_processor.hpp"

namespace sos::pipeline {

void Decider::acquire() {
    // The other holder only ever keeps it for one small batch: wait by yielding.
    while (!try_acquire())
        std::this_thread::yield();
}

bool Decider::decide(InputBatch& batch) {
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
        ++lines_in_;
        if (span.overlong)
            checker_.overlong(span.number, span.length, d);
        else
            checker_.check(span.number, d);
        if (d.ok) deliver(filter_, batch.lines.text(span), span.number, d, out_);
        if (d.stop || filter_.stop_requested()) {
            stopped_.store(true, std::memory_order_release);
            return false;
        }
    }
    return true;
}

void Decider::idle() {
    filter_.on_idle(out_);
    out_.flush();
}

void Decider::end() {
    filter_.on_end(out_);
}

}  // namespace sos::pipeline
