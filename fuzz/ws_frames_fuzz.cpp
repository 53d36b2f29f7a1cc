// libFuzzer target: a session of WebSocket messages as sos-feed live receives them. The input is
// messages separated by newlines (OpenAlgo's frames are one-line JSON); they are laid back to
// back in one buffer with only the last followed by zeroed padding, as net::WsEventQueue hands
// them over, so each frame is decoded in place with the next frame's bytes as its padding
// (WsTier's call). Market data goes on into LiveCandles (1m, 5m; round the clock and on NSE's
// calendar) on a wall clock moving 100 ms a message, with the clock advanced and gaps marked
// now and then, as LiveSource does. Beyond "no crash", it checks the promises downstream
// relies on: a refusal carries a reason, market data has a symbol, an exchange, a finite ltp
// and a positive exchange time, and every candle written is finite, consistent (low <= open,
// close <= high; volume >= 0; a gap bar flat with no volume), opened no later than the
// exchange clock, and after the series' last.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "live/live_candles.hpp"
#include "net/ws_event.hpp"
#include "openalgo/frame_decoder.hpp"
#include "time/calendar.hpp"

namespace {

using sos::openalgo::FrameKind;

// 2025-08-22 09:20 IST: the wall clock when no frame gives a better one.
constexpr std::int64_t kDefaultStartNs = 1755834600LL * 1'000'000'000;
constexpr std::int64_t kStepNs = 100'000'000;

void check_frame(const sos::openalgo::FrameDecoder& decoder, FrameKind kind) {
    if (kind == FrameKind::Bad && decoder.bad().message().empty()) std::abort();
    if (kind != FrameKind::MarketData) return;
    const auto& m = decoder.market_data();
    if (m.symbol.empty() || m.exchange.empty() || !std::isfinite(m.tick.ltp)) std::abort();
    if (m.tick.ltt && m.tick.ltt->ns <= 0) std::abort();
}

class CandleCheck {
public:
    CandleCheck(const sos::time::Calendar& calendar) : live_(options(), calendar) {}

    void tick(const sos::openalgo::MarketData& m, sos::time::Timestamp now) {
        sos::live::LiveTickIn in{m.symbol,   m.exchange,    "openalgo-ws:fuzz", m.tick.ltt,
                                 m.tick.ltp, m.tick.volume, m.tick.oi};
        live_.add_tick(in, now);
        take(now);
    }
    void advance(sos::time::Timestamp now) {
        live_.advance(now);
        take(now);
    }
    void gap() { live_.mark_gap(); }
    void finish(sos::time::Timestamp now) {
        live_.finish(now);
        take(now);
    }

private:
    static sos::live::LiveCandleOptions options() {
        sos::live::LiveCandleOptions o;
        o.tfs = {sos::time::kOneMinute, sos::time::Timeframe{300}};
        return o;
    }

    void take(sos::time::Timestamp now) {
        const sos::time::Timestamp exchange_now = live_.exchange_now(now);
        for (const auto& e : live_.ready()) {
            const auto* k = e.as<sos::event::Candle>();
            if (!k) std::abort();
            for (double x : {k->o, k->h, k->l, k->c, k->v})
                if (!std::isfinite(x)) std::abort();
            if (k->l > k->o || k->l > k->c || k->h < k->o || k->h < k->c || k->v < 0) std::abort();
            if (k->gap && (k->o != k->c || k->h != k->l || k->o != k->h || k->v != 0)) std::abort();
            if (e.time() > exchange_now) std::abort();  // a bar from the future: invented
            auto [it, fresh] = last_.try_emplace({e.env.symbol, k->tf.seconds}, e.time().ns);
            if (!fresh) {
                if (e.time().ns <= it->second) std::abort();  // written twice, or back in time
                it->second = e.time().ns;
            }
        }
        live_.ready().clear();
        live_.notes().clear();
    }

    sos::live::LiveCandles live_;
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> last_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static sos::openalgo::FrameDecoder decoder;
    static const auto always = sos::time::Calendar::always();
    static const auto nse = sos::time::Calendar::nse_default();
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // The messages back to back, as the queue's arena holds them, padding after the last only.
    std::string arena;
    std::vector<std::pair<std::size_t, std::size_t>> frames;
    for (std::size_t at = 0; at <= input.size();) {
        std::size_t end = input.find('\n', at);
        if (end == std::string_view::npos) end = input.size();
        frames.emplace_back(arena.size(), end - at);
        arena.append(input.substr(at, end - at));
        at = end + 1;
    }
    arena.append(sos::net::kWsPadding, '\0');

    CandleCheck round_the_clock(always), session(nse);
    sos::time::Timestamp now{kDefaultStartNs};
    bool clock_set = false;
    std::size_t n = 0;
    for (auto [at, len] : frames) {
        const FrameKind kind = decoder.decode(arena.data() + at, len, arena.size() - at);
        check_frame(decoder, kind);
        now.ns += kStepNs;
        if (kind == FrameKind::MarketData) {
            const auto& m = decoder.market_data();
            // The wall clock starts a second after the first exchange time seen, so ticks of a
            // recorded session are neither refused as future nor all closed on arrival.
            if (!clock_set && m.tick.ltt && m.tick.ltt->ns < INT64_MAX - 1'000'000'000'000LL) {
                now.ns = m.tick.ltt->ns + 1'000'000'000;
                clock_set = true;
            }
            round_the_clock.tick(m, now);
            session.tick(m, now);
        } else if (kind == FrameKind::Bad) {
            round_the_clock.gap();  // as a lost message or a reconnect would
            session.gap();
        }
        if ((++n & 7) == 0) {
            round_the_clock.advance(now);
            session.advance(now);
        }
    }
    now.ns += 120'000'000'000;  // two quiet minutes, then the end of the run
    round_the_clock.advance(now);
    session.advance(now);
    round_the_clock.finish(now);
    session.finish(now);
    return 0;
}
