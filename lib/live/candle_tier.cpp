// Closed bars from a candle-only tier (Yahoo Finance's chart): they go through the same path as
// ticks and /history, so the same rules hold (a bar written once, in order, nothing invented).
#include "live/live_candle_state.hpp"

namespace sos::live {

void LiveCandles::take_bars(std::string_view symbol, std::string_view exchange,
                            const std::vector<event::Event>& minutes, time::Timestamp covered_to,
                            time::Timestamp now) {
    // The exchange clock never moves back: a delayed source sets it only when none is known or
    // when it is ahead of the clock as extrapolated.
    if (!has_clock_ || covered_to > exchange_now(now)) {
        has_clock_ = true;
        clock_ltt_ = covered_to;
        clock_wall_ = now;
    }
    SymbolState& s = state(symbol, exchange);
    // No tick of it was ever used (src is set by the first) and no bar of it came before.
    const bool fresh = !s.fed_to && s.src.empty();
    s.suspect.gap();  // its bars are never built from what was seen, only taken from minutes
    for (std::size_t i = fresh && !minutes.empty() ? minutes.size() - 1 : 0; i < minutes.size(); ++i) {
        const event::Event& m = minutes[i];
        const auto* k = m.as<event::Candle>();
        if (!k || k->tf != time::kOneMinute || (s.fed_to && m.time() <= *s.fed_to)) continue;
        const time::Timestamp end{m.time().ns + time::kOneMinute.seconds * time::kNanosPerSecond};
        candles::BarInput in{symbol, exchange, m.time(), end,   k->o,   k->h,
                             k->l,   k->c,     k->v,     k->oi, k->gap, {}};
        // Late (the clock closed its bar already, held) or outside the session: the minute is
        // in `s.minutes` below, which is all such a bar needs.
        bars_.add(in, closed_);
        s.fed_to = m.time();
        if (s.src != m.env.src) s.src = m.env.src;
    }
    s.minutes.clear();
    for (const event::Event& m : minutes) {
        const auto* k = m.as<event::Candle>();
        if (k && k->tf == time::kOneMinute && m.env.symbol == symbol) s.minutes.emplace(m.time().ns, m);
    }
    // Complete up to covered_to: as if asked history_settle_s later, so release_front's rule
    // (taken after the bar's end and settled) holds exactly for the bars ending by covered_to.
    s.minutes_as_of = time::Timestamp{covered_to.ns + ns(opts_.history_settle_s)};
    if (!closed_.empty()) take_closed(now);
    // Kept even when nothing is held now: the clock closes this symbol's next bars (a minute
    // without a trade among them) after this call, and they are taken from these minutes.
    release(s, exchange_now(now));
}

}  // namespace sos::live
