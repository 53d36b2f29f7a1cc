// LiveCandles::take_bars: closed minutes from a candle-only tier (Yahoo Finance's chart) go
// through the same rules as ticks and /history.
#include <catch2/catch.hpp>

#include "live/live_candles.hpp"

using namespace sos;
using namespace sos::live;
using event::Candle;
using event::Event;
using time::Timestamp;

namespace {

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

Timestamp at(int h, int m, double s = 0) {
    return Timestamp{cal().zone().at(time::Date{2024, 1, 8}, h * 3600 + m * 60).ns +
                     static_cast<std::int64_t>(s * 1e9)};
}

LiveCandles make(std::vector<const char*> names) {
    LiveCandleOptions o;
    for (auto n : names)
        o.tfs.push_back(*time::parse_timeframe(n));
    return LiveCandles(o, cal());
}

// Yahoo's closed minute at hh:mm: o, h, l, c and volume from `base`.
Event minute(std::string_view sym, int h, int m, double base, double v = 100) {
    Event e;
    e.env.kind = event::Kind::Candle;
    e.env.symbol = sym;
    e.env.exchange = "NSE";
    e.env.src = "yahoo";
    e.env.timestamp = at(h, m);
    auto& b = e.body.emplace<Candle>();
    b.o = base, b.h = base + 2, b.l = base - 1, b.c = base + 1, b.v = v;
    return e;
}

std::vector<Event> minutes(std::string_view sym, int h, int from, int to, std::vector<int> skip = {}) {
    std::vector<Event> out;
    for (int m = from; m <= to; ++m)
        if (std::find(skip.begin(), skip.end(), m) == skip.end()) out.push_back(minute(sym, h, m, 100 + m));
    return out;
}

std::vector<Event> take(LiveCandles& c) {
    std::vector<Event> out;
    out.swap(c.ready());
    return out;
}

std::string describe(const std::vector<Event>& bars) {
    std::string s;
    for (const auto& e : bars) {
        const auto& k = *e.as<Candle>();
        s += time::to_string(k.tf) + "@" + time::format_clock(cal().zone().local_seconds_of_day(e.time())) +
             " o" + std::to_string(static_cast<int>(k.o)) + " c" + std::to_string(static_cast<int>(k.c)) +
             " v" + std::to_string(static_cast<int>(k.v)) + (k.gap ? " gap" : "") +
             (k.partial ? " partial" : "") + " " + std::string(e.env.src) + "\n";
    }
    return s;
}

}  // namespace

TEST_CASE(
    "candle tier: a symbol starts at the latest closed minute, each bar is written once its minutes cover "
    "it") {
    auto c = make({"1m", "5m"});
    REQUIRE_FALSE(c.has_clock());
    // 09:15 to 09:22 closed, Yahoo's last trade at 09:23:10: nothing before 09:22 is live.
    c.take_bars("SBIN", "NSE", minutes("SBIN", 9, 15, 22), at(9, 23, 10), at(9, 23, 12));
    REQUIRE(c.has_clock());
    CHECK(c.exchange_now(at(9, 23, 12)) == at(9, 23, 10));
    CHECK(describe(take(c)) == "1m@09:22 o122 c123 v100 yahoo\n");
    // The clock passes 09:24 with no answer: the 09:23 bar is closed but held (Yahoo has not
    // covered it yet), never written as a gap.
    c.advance(at(9, 24, 5));
    CHECK(take(c).empty());
    // The next answer covers 09:23 and 09:24; 09:24 had no trade.
    c.take_bars("SBIN", "NSE", minutes("SBIN", 9, 15, 24, {24}), at(9, 25, 3), at(9, 25, 5));
    c.advance(at(9, 25, 5));  // the clock closes the minute without a trade, as the feed's loop does
    CHECK(describe(take(c)) ==
          "1m@09:23 o123 c124 v100 yahoo\n"
          "1m@09:24 o124 c124 v0 gap yahoo\n"
          "5m@09:20 o120 c124 v400 yahoo\n");  // all of its minutes, 09:20 and 09:21 too
    // The same minutes again: nothing written twice.
    c.take_bars("SBIN", "NSE", minutes("SBIN", 9, 15, 24, {24}), at(9, 25, 3), at(9, 25, 8));
    CHECK(take(c).empty());
}

TEST_CASE(
    "candle tier: after a switch from ticks, the bar the switch fell in is taken whole from the minutes") {
    auto c = make({"1m"});
    auto tick = [&](Timestamp ltt, double p, double cum) {
        c.add_tick(LiveTickIn{"SBIN", "NSE", "openalgo-ws:zerodha", ltt, p, cum, {}},
                   Timestamp{ltt.ns + 100'000'000});
    };
    tick(at(9, 7, 30), 100, 1000);  // a pre-open print: the first bar is not held
    tick(at(9, 15, 1), 115, 1100);
    tick(at(9, 16, 1), 116, 1200);
    tick(at(9, 17, 1), 999, 1300);  // the 09:17 bar as the ticks saw it, before the cut
    CHECK(describe(take(c)) ==
          "1m@09:15 o115 c115 v100 openalgo-ws:zerodha\n"
          "1m@09:16 o116 c116 v100 openalgo-ws:zerodha\n");
    c.mark_gap();  // the WebSocket is gone: the feed is on the candle tier
    // Yahoo lags: its minutes reach 09:16, its last trade 09:17:40; 09:17 is not covered.
    c.take_bars("SBIN", "NSE", minutes("SBIN", 9, 15, 16), at(9, 17, 40), at(9, 18, 3));
    c.advance(at(9, 18, 3));
    CHECK(take(c).empty());
    c.take_bars("SBIN", "NSE", minutes("SBIN", 9, 15, 18), at(9, 19, 2), at(9, 19, 4));
    CHECK(describe(take(c)) ==
          "1m@09:17 o117 c118 v100 yahoo\n"
          "1m@09:18 o118 c119 v100 yahoo\n");
    // Ticks again (failback): the bar they fall in is held for /history as after any gap;
    // nothing before it is written again.
    c.mark_gap();
    tick(at(9, 19, 30), 119.5, 1900);
    tick(at(9, 20, 1), 120, 2000);
    CHECK(take(c).empty());
    std::vector<Event> history = minutes("SBIN", 9, 15, 20);  // reaching past the bar
    c.take_history("SBIN", history, at(9, 20, 5));
    CHECK(describe(take(c)) == "1m@09:19 o119 c120 v100 yahoo\n");
    CHECK(c.counts().duplicates == 0);
}

TEST_CASE("candle tier: a delayed tier never moves the exchange clock back") {
    auto c = make({"1m"});
    c.add_tick(LiveTickIn{"NIFTY", "NSE", "openalgo-ws:zerodha", at(9, 30, 0), 22000, {}, {}},
               at(9, 30, 0.1));
    c.take_bars("NIFTY", "NSE", minutes("NIFTY", 9, 27, 28), at(9, 29, 5), at(9, 30, 1.1));
    CHECK(c.exchange_now(at(9, 30, 1.1)) == at(9, 30, 1));
    c.take_bars("NIFTY", "NSE", minutes("NIFTY", 9, 27, 31), at(9, 32, 5), at(9, 30, 2.1));
    CHECK(c.exchange_now(at(9, 30, 2.1)) == at(9, 32, 5));
}
