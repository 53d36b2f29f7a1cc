// libFuzzer target: arbitrary bytes through the NDJSON line assembler and the event decoder.
// Beyond "no crash", it checks the reader's promises: every accepted event re-encodes to a
// canonical line that decodes again to the same kind, and a refusal always carries a reason.
// The fast ways are held to the general ones: lines read in place (room/cut) are the lines
// copied (feed), and the decoder's fast paths answer as the general way does.
// It runs on a small stack, so a reader that recurses once per level of nesting is found.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "event/order_guard.hpp"
#include "ndjson/line_assembler.hpp"
#include "small_stack.hpp"

namespace {

// The same bytes read in place, in the same two pieces, into `batch`: the same lines as
// `copied`, or abort.
void read_in_place(const std::uint8_t* data, std::size_t size, const sos::ndjson::LineBatch& copied,
                   sos::ndjson::LineBatch& batch) {
    sos::ndjson::LineAssembler assembler(1 << 16, sos::event::Decoder::padding());
    const std::size_t half = size / 2;
    for (auto [at, n] : {std::pair{std::size_t{0}, half}, std::pair{half, size - half}}) {
        if (n == 0) continue;
        std::memcpy(assembler.room(batch, n), data + at, n);
        assembler.cut(batch, n);
    }
    assembler.finish(batch);
    if (batch.lines.size() != copied.lines.size()) std::abort();
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        const auto &a = batch.lines[i], &b = copied.lines[i];
        if (a.number != b.number || a.overlong != b.overlong || a.length != b.length) std::abort();
        if (!a.overlong && batch.text(a) != copied.text(b)) std::abort();
    }
}

std::string encoded(const sos::event::EventList& events) {
    std::string s;
    for (const auto& e : events)
        sos::event::encode(e, s);
    return s;
}

void decode_all(const std::uint8_t* data, std::size_t size) {
    static sos::event::Decoder decoder;
    static sos::event::Decoder general(/*fast_paths=*/false);
    static sos::event::Decoder redecoder;
    sos::event::EventList events, again, slow;
    sos::event::OrderGuard guard;
    sos::ndjson::LineAssembler assembler(1 << 16, sos::event::Decoder::padding());
    sos::ndjson::LineBatch batch;
    // Feed in two pieces so lines split across reads are exercised too.
    std::size_t half = size / 2;
    assembler.feed(reinterpret_cast<const char*>(data), half, batch);
    assembler.feed(reinterpret_cast<const char*>(data) + half, size - half, batch);
    assembler.finish(batch);
    sos::ndjson::LineBatch placed;
    read_in_place(data, size, batch, placed);
    std::string line;
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        const auto& span = batch.lines[i];
        if (span.overlong) continue;
        // The general way on the same line, and the line as read in place (followed by what
        // ended it, not by a newline of the assembler's).
        const bool general_ok = general.decode(batch.data(span), span.length, batch.capacity(span), slow);
        const std::string general_error = general.error().message();
        const auto& p = placed.lines[i];
        const bool placed_ok = decoder.decode(placed.data(p), p.length, placed.capacity(p), events);
        if (placed_ok != general_ok || decoder.error().message() != general_error ||
            encoded(events) != encoded(slow))
            std::abort();
        const bool ok = decoder.decode(batch.data(span), span.length, batch.capacity(span), events);
        if (ok != general_ok || decoder.error().message() != general_error ||
            decoder.canonical() != general.canonical() || encoded(events) != encoded(slow))
            std::abort();
        if (!ok) {
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
