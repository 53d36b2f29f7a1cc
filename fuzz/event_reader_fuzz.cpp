// libFuzzer target: arbitrary bytes through the NDJSON line assembler and the event decoder.
// Beyond "no crash", it checks the reader's promises: every accepted event re-encodes to a
// canonical line that decodes again to the same kind, and a refusal always carries a reason.
// It runs on a small stack, so a reader that recurses once per level of nesting is found.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "event/order_guard.hpp"
#include "ndjson/line_assembler.hpp"
#include "small_stack.hpp"

namespace {

void decode_all(const std::uint8_t* data, std::size_t size) {
    static sos::event::Decoder decoder;
    static sos::event::Decoder redecoder;
    sos::event::EventList events, again;
    sos::event::OrderGuard guard;
    sos::ndjson::LineAssembler assembler(1 << 16, sos::event::Decoder::padding());
    sos::ndjson::LineBatch batch;
    // Feed in two pieces so lines split across reads are exercised too.
    std::size_t half = size / 2;
    assembler.feed(reinterpret_cast<const char*>(data), half, batch);
    assembler.feed(reinterpret_cast<const char*>(data) + half, size - half, batch);
    assembler.finish(batch);
    std::string line;
    for (const auto& span : batch.lines) {
        if (span.overlong) continue;
        if (!decoder.decode(batch.data(span), span.length, batch.capacity(span), events)) {
            if (decoder.error().message().empty()) std::abort();
            continue;
        }
        for (const auto& e : events) {
            (void)guard.check(e);
            if (e.env.kind == sos::event::Kind::Unknown) continue;
            // The bridge's chains (no expiry, no spot) have no canonical form; writers skip them.
            if (const auto* ch = e.as<sos::event::OptionChain>(); ch && (!ch->expiry || !ch->spot)) continue;
            line.clear();
            sos::event::encode(e, line);
            line.pop_back();  // the newline
            if (!redecoder.decode(line, again) || again.size() != 1 || again[0].env.kind != e.env.kind)
                std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sos::fuzz::on_small_stack([&] { decode_all(data, size); });
    return 0;
}
