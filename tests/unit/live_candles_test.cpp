#include <catch2/catch.hpp>

#include "candles/candle_builder.hpp"
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

// hh:mm:ss IST on a day of January 2024 (the 8th is a Monday).
Timestamp at(int h, int m, double s = 0, int day = 8) {
    return Timestamp{cal().zone().at(time::Date{2024, 1, day}, h * 3600 + m * 60).ns +
                     static_cast<std::int64_t>(s * 1e9)};
}

std::vector<time::Timeframe> tfs(std::initializer_list<const char*> names) {
    std::vector<time::Timeframe> out;
    for (auto n : names)
        out.push_back(*time::parse_timeframe(n));
    return out;
}

// A tick received 100 ms after its exchange time.
void tick(LiveCandles& c, std::string_view sym, Timestamp ltt, double ltp, std::optional<double> cum = {},
          std::string_view src = "openalgo-ws:zerodha") {
    c.add_tick(LiveTickIn{sym, "NSE", src, ltt, ltp, cum, {}}, Timestamp{ltt.ns + 100'000'000});
}

std::vector<Event> take(LiveCandles& c) {
    std::vector<Event> out;
    out.swap(c.ready());
    return out;
}

const Candle& k(const Event& e) {
    return *e.as<Candle>();
}

// A feed started before the open: a pre-open print shows it flowing, so no bar is held.
LiveCandles started(std::vector<time::Timeframe> t, LiveCandleOptions o = {}) {
    o.tfs = std::move(t);
    return LiveCandles(o, cal());
}
void preopen(LiveCandles& c, std::string_view sym, double cum = 0) {
    tick(c, sym, at(9, 7, 30), 100, cum);
    tick(c, sym, at(9, 14, 59), 100, cum);
}

Event minute(std::string_view sym, Timestamp t, double o, double h, double l, double c, double v) {
    Event e;
    e.env.kind = event::Kind::Candle;
    e.env.symbol = sym;
    e.env.exchange = "NSE";
    e.env.src = "openalgo-rest:zerodha";
    e.env.timestamp = t;
    auto& b = e.body.emplace<Candle>();
    b.o = o, b.h = h, b.l = l, b.c = c, b.v = v;
    return e;
}

}  // namespace

TEST_CASE("live: ticks by exchange time become bars of every timeframe, volume from the cumulative") {
    auto c = started(tfs({"1m", "5m"}));
    preopen(c, "SBIN", 5000);
    tick(c, "SBIN", at(9, 15, 1), 100, 5100);
    tick(c, "SBIN", at(9, 15, 30), 103, 5400);
    tick(c, "SBIN", at(9, 15, 59), 99.5, 5600);
    REQUIRE(take(c).empty());  // never before the bar is over
    tick(c, "SBIN", at(9, 16, 0), 101, 5650);
    auto out = take(c);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE(k(out[0]).tf == time::kOneMinute);
    REQUIRE(k(out[0]).o == 100);
    REQUIRE(k(out[0]).h == 103);
    REQUIRE(k(out[0]).l == 99.5);
    REQUIRE(k(out[0]).c == 99.5);
    REQUIRE(k(out[0]).v == 600);  // 5600 - 5000: the pre-open count is the base
    REQUIRE(out[0].env.src == "openalgo-ws:zerodha");
    REQUIRE_FALSE(k(out[0]).partial);
    for (int m = 17; m <= 20; ++m)
        tick(c, "SBIN", at(9, m, 10), 100 + m, 5650 + 10 * m);
    out = take(c);
    REQUIRE(out.size() == 5);  // 09:16 .. 09:19 1m, then the 09:15 5m
    REQUIRE(k(out[4]).tf.seconds == 300);
    REQUIRE(k(out[4]).o == 100);
    REQUIRE(k(out[4]).c == 119);
    REQUIRE(k(out[4]).v == 5650 + 190 - 5000);
    REQUIRE(c.counts().held == 0);
}

TEST_CASE("live: the same ticks give the same candles as replay's CandleBuilder") {
    auto live = started(tfs({"1m", "3m", "15m"}));
    candles::CandleBuilder replay(tfs({"1m", "3m", "15m"}), cal());
    std::vector<Event> expected;
    auto both = [&](std::string sym, Timestamp t, double px, double cum) {
        tick(live, sym, t, px, cum);
        Event e;
        e.env.kind = event::Kind::Tick;
        e.env.symbol = sym;
        e.env.timestamp = t;
        auto& tk = e.body.emplace<event::Tick>();
        tk.ltp = px;
        tk.volume = cum;
        replay.add_tick(e, expected);
    };
    both("A", at(9, 7), 50, 0);
    both("B", at(9, 7), 70, 0);
    double cum_a = 0, cum_b = 0;
    for (int i = 0; i < 40 * 60; i += 7) {
        Timestamp t = at(9, 15, i);
        if (i % 3) both("A", t, 50 + (i % 97) * 0.05, cum_a += 10 + i % 13);
        // B is quiet for minutes at a time: replay's gap bars are written live too.
        if (i % 600 < 200) both("B", t, 70 + (i % 41) * 0.05, cum_b += 5);
    }
    replay.advance(at(10, 0), expected);
    live.advance(Timestamp{at(10, 0).ns + 2'500'000'000});
    auto got = take(live);
    REQUIRE(got.size() == expected.size());
    REQUIRE(got.size() > 100);
    std::size_t gaps = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO(i);
        REQUIRE(got[i].env.symbol == expected[i].env.symbol);
        REQUIRE(got[i].time() == expected[i].time());
        const Candle &a = k(got[i]), &b = k(expected[i]);
        REQUIRE(a.tf == b.tf);
        REQUIRE(a.o == b.o);
        REQUIRE(a.h == b.h);
        REQUIRE(a.l == b.l);
        REQUIRE(a.c == b.c);
        REQUIRE(a.v == b.v);
        REQUIRE(a.gap == b.gap);
        gaps += a.gap;
    }
    REQUIRE(gaps > 0);
}

TEST_CASE("live: a quiet instrument's bar closes by the wall clock, after the grace period") {
    auto c = started(tfs({"1m"}), LiveCandleOptions{{}, 2});
    preopen(c, "A");
    tick(c, "A", at(9, 20, 10), 100);  // received 09:20:10.1
    c.advance(at(9, 21, 2));           // exchange clock 09:21:01.9, less 2 s grace
    REQUIRE(take(c).empty());
    c.advance(at(9, 21, 2.2));
    auto out = take(c);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 20));
    // The exchange clock follows the latest ltt, whatever the local clock says.
    REQUIRE(c.exchange_now(at(9, 20, 20.1)) == at(9, 20, 20));
}

TEST_CASE("live: the wall clock before the first tick closes nothing (a replayed or lagging market)") {
    // A feed whose exchange clock is behind this machine's (a simulator replaying a past day,
    // an exchange clock minutes behind): before any tick there is no exchange clock, and the
    // local clock must not stand in for it, or every later bar would be closed on arrival.
    auto c = started(tfs({"1m"}));
    c.advance(at(12, 0, 0, 9));  // the next day, by the local clock
    preopen(c, "A");
    tick(c, "A", at(9, 20, 10), 100);
    tick(c, "A", at(9, 20, 40), 101);
    tick(c, "A", at(9, 21, 5), 102);
    REQUIRE(c.counts().late == 0);
    auto out = take(c);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 20));
    REQUIRE(k(out[0]).c == 101);
}

TEST_CASE("live: a late tick is counted and reported, never folded in") {
    auto c = started(tfs({"1m"}));
    preopen(c, "A");
    preopen(c, "B");
    tick(c, "A", at(9, 20, 10), 100, 1000);
    tick(c, "B", at(9, 21, 0), 50);  // the exchange clock passes 09:21: A's 09:20 bar closes
    REQUIRE(take(c).size() == 1);
    tick(c, "A", at(9, 20, 59), 150, 1010);  // too late
    REQUIRE(c.counts().late == 1);
    REQUIRE(c.notes().size() == 1);
    REQUIRE(c.notes()[0].kind == NoteKind::LateTick);
    REQUIRE(c.notes()[0].symbol == "A");
    REQUIRE(c.notes()[0].t == at(9, 20, 59));
    tick(c, "A", at(9, 21, 30), 101, 1020);
    tick(c, "A", at(9, 22, 0), 102, 1030);
    auto out = take(c);
    REQUIRE(k(out[0]).h == 101);  // the late 150 is not there
    REQUIRE(k(out[0]).v == 10);   // volume from the last count folded in (1010's tick was late)
}

TEST_CASE("live: the cumulative going back within a day adds nothing and is counted; a new day resets it") {
    auto c = started(tfs({"1m"}));
    preopen(c, "A", 1000);
    tick(c, "A", at(9, 15, 1), 100, 1100);
    tick(c, "A", at(9, 15, 2), 100, 1090);  // reordered: an older count
    tick(c, "A", at(9, 15, 3), 100, 1120);
    tick(c, "A", at(9, 16, 0), 100, 1130);
    auto out = take(c);
    REQUIRE(k(out[0]).v == 120);  // 1000 -> 1120, nothing counted twice
    REQUIRE(c.counts().volume_went_back == 1);
    REQUIRE(c.notes().back().kind == NoteKind::VolumeWentBack);
    // Next day: the count starts again from zero (a feed running over night).
    tick(c, "A", at(9, 15, 1, 9), 100, 40);
    tick(c, "A", at(9, 16, 0, 9), 100, 50);
    out = take(c);
    REQUIRE(out.back().time() == at(9, 15, 0, 9));
    REQUIRE(k(out.back()).v == 40);
    REQUIRE(c.counts().volume_went_back == 1);
}

TEST_CASE("live: a bar a gap touched is taken from /history; bars after it wait their turn") {
    auto c = started(tfs({"1m", "5m"}));
    preopen(c, "A", 0);
    tick(c, "A", at(9, 15, 5), 100, 100);
    tick(c, "A", at(9, 16, 5), 101, 200);
    tick(c, "A", at(9, 17, 5), 102, 300);
    REQUIRE(take(c).size() == 2);  // 09:15, 09:16
    c.mark_gap();                  // the connection drops at about 09:17:20
    c.advance(at(9, 18, 3));       // 09:17 closes on the wall clock: held (it may lack ticks after 09:17:05)
    REQUIRE(take(c).empty());
    // Reconnected on another broker whose count differs: the first tick rebases, adds nothing.
    tick(c, "A", at(9, 19, 40), 104, 280, "openalgo-ws:dhan");
    tick(c, "A", at(9, 20, 1), 105, 300, "openalgo-ws:dhan");
    tick(c, "A", at(9, 21, 1), 106, 330, "openalgo-ws:dhan");
    REQUIRE(take(c).empty());  // 09:18, 09:19 (touched) and 09:20 (not) all wait behind 09:17
    REQUIRE(c.counts().volume_went_back == 0);

    std::vector<HistoryWant> wants;
    c.history_due(at(9, 21, 2), wants);
    REQUIRE(wants.size() == 1);
    REQUIRE(wants[0].symbol == "A");
    REQUIRE(wants[0].date == time::Date{2024, 1, 8});
    wants.clear();
    c.history_due(at(9, 21, 5), wants);  // asked already: not again before the retry time
    REQUIRE(wants.empty());

    // The broker's 1m history of the day: 09:17 and 09:19 traded, 09:18 did not.
    std::vector<Event> hist = {
        minute("A", at(9, 15), 100, 100, 100, 100, 100), minute("A", at(9, 16), 101, 101, 101, 101, 100),
        minute("A", at(9, 17), 102, 103.5, 101.5, 103, 150), minute("A", at(9, 19), 103, 104.5, 103, 104, 60),
        minute("A", at(9, 20), 104, 105, 104, 105, 20)};
    c.take_history("A", hist, at(9, 21, 6));
    auto out = take(c);
    REQUIRE(out.size() == 5);  // 09:17, 09:18, 09:19 from history, 09:20 from the ticks, 5m 09:15
    REQUIRE(out[0].time() == at(9, 17));
    REQUIRE(k(out[0]).h == 103.5);
    REQUIRE(k(out[0]).v == 150);
    REQUIRE(out[0].env.src == "openalgo-rest:zerodha");
    REQUIRE(k(out[1]).gap);  // 09:18 had no trade: flat at 09:17's close from history
    REQUIRE(k(out[1]).c == 103);
    REQUIRE(k(out[1]).v == 0);
    REQUIRE(k(out[2]).v == 60);
    REQUIRE(out[3].time() == at(9, 20));
    REQUIRE(out[3].env.src == "openalgo-ws:dhan");
    REQUIRE(k(out[3]).v == 20);  // 280 -> 300 on the new broker's count
    REQUIRE_FALSE(k(out[3]).gap);
    // The 5m bar 09:15-09:20 was touched too: built from the day's 1m history.
    REQUIRE(k(out[4]).tf.seconds == 300);
    REQUIRE(out[4].time() == at(9, 15));
    REQUIRE(k(out[4]).o == 100);
    REQUIRE(k(out[4]).h == 104.5);
    REQUIRE(k(out[4]).l == 100);
    REQUIRE(k(out[4]).c == 104);
    REQUIRE(k(out[4]).v == 410);
    REQUIRE(c.counts().held == 4);
    REQUIRE(c.counts().from_history == 4);
    // Nothing is written twice: the ledger refuses a bar at or before the last written.
    Event again = out[0];
    REQUIRE_FALSE(c.admit(again));
    REQUIRE(c.counts().duplicates == 1);
}

TEST_CASE("live: history that lags is waited for, settles, or is given up") {
    LiveCandleOptions o;
    o.history_settle_s = 120;
    o.history_give_up_s = 300;
    auto c = started(tfs({"1m"}), o);
    preopen(c, "A");
    preopen(c, "B");
    tick(c, "A", at(9, 15, 5), 100);
    tick(c, "B", at(9, 15, 5), 50);
    c.mark_gap();
    tick(c, "A", at(9, 16, 30), 101);  // A back at once: 09:15 and 09:16 held
    c.advance(at(9, 17, 3));
    REQUIRE(take(c).empty());
    auto of = [&](std::string_view sym) {
        std::vector<Event> out;
        for (auto& e : take(c))
            if (e.env.symbol == sym) out.push_back(e);
        return out;
    };
    // History taken at 09:17:05 ends at 09:15: it does not reach past either bar yet.
    c.take_history("A", {minute("A", at(9, 15), 100, 100, 99, 99.5, 7)}, at(9, 17, 5));
    REQUIRE(of("A").empty());
    // Now with 09:16: 09:15 is covered (history reaches past it); 09:16 waits for more.
    std::vector<Event> hist = {minute("A", at(9, 15), 100, 100, 99, 99.5, 7),
                               minute("A", at(9, 16), 101, 101, 101, 101, 3)};
    c.take_history("A", hist, at(9, 17, 40));
    auto out = of("A");
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE(k(out[0]).c == 99.5);
    // Settled: 120 s after 09:16's end, history is trusted for it as it stands.
    c.take_history("A", hist, at(9, 19, 1));
    out = of("A");
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 16));
    REQUIRE(k(out[0]).v == 3);
    // B never ticks again and history never comes: given up 300 s after the bar's end.
    // B's 09:15 bar had trades: written as built from the ticks, flagged partial.
    c.advance(at(9, 21, 0));
    REQUIRE(of("B").empty());
    c.advance(at(9, 21, 3));
    out = of("B");
    REQUIRE(out.size() == 1);
    REQUIRE(k(out[0]).partial);
    REQUIRE(k(out[0]).c == 50);
    REQUIRE(c.counts().gave_up == 1);
    REQUIRE(c.notes().back().kind == NoteKind::HistoryGaveUp);
    REQUIRE(c.notes().back().symbol == "B");
    // B's later minutes had no trade seen while ticks may have been missed: held, given up,
    // and not written (nothing is invented). A's quiet minutes are ordinary gap bars.
    c.advance(at(9, 30, 0));
    REQUIRE(of("B").empty());
    REQUIRE(c.counts().gave_up > 1);
    c.advance(at(9, 30, 3));
    tick(c, "A", at(9, 31, 0), 102);
    out = of("A");
    REQUIRE_FALSE(out.empty());
    for (auto& e : out)
        REQUIRE(k(e).gap);
}

TEST_CASE("live: a feed started mid-session holds each symbol's first bar; a warm start is not doubled") {
    auto c = started(tfs({"1m"}));
    // --history: the bars up to 10:02 from /history, flagged hist, written once.
    for (int m = 0; m < 3; ++m) {
        Event h = minute("A", at(10, m), 100, 101, 99, 100, 10);
        h.env.hist = true;
        REQUIRE(c.admit(h));
    }
    REQUIRE_FALSE(c.admit(minute("A", at(10, 1), 100, 101, 99, 100, 10)));
    tick(c, "A", at(10, 2, 30), 100, 5000);  // 10:02 is already written
    REQUIRE(c.counts().ticks == 1);
    tick(c, "A", at(10, 3, 20), 101, 5050);  // the first bar after the start: held
    tick(c, "A", at(10, 4, 1), 102, 5060);
    REQUIRE(take(c).empty());
    std::vector<HistoryWant> wants;
    c.history_due(at(10, 4, 5), wants);
    REQUIRE(wants.size() == 1);
    c.take_history(
        "A",
        {minute("A", at(10, 2), 100, 100, 100, 100, 1), minute("A", at(10, 3), 100.5, 101, 100, 101, 80),
         minute("A", at(10, 4), 102, 102, 102, 102, 1)},
        at(10, 4, 6));
    auto out = take(c);
    // 10:02 (the first tick's bar, held) is dropped by the ledger: the warm start wrote it.
    // 10:03 waited behind it and is whole from the ticks (they flowed from 10:02:30 on).
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(10, 3));
    REQUIRE(k(out[0]).v == 50);
    REQUIRE(out[0].env.src == "openalgo-ws:zerodha");
    REQUIRE(c.counts().duplicates == 2);  // the admit above and 10:02 from the ticks
    tick(c, "A", at(10, 5, 0), 103, 5070);
    out = take(c);
    REQUIRE(out.size() == 1);
    REQUIRE(k(out[0]).v == 10);  // 5060 -> 5070: the first tick's count was the base
}

TEST_CASE("live: ticks that cannot be placed") {
    auto c = started(tfs({"1m"}));
    c.add_tick(LiveTickIn{"A", "NSE", "x", std::nullopt, 100, {}, {}}, at(10, 0));
    REQUIRE(c.counts().no_exchange_time == 1);
    c.add_tick(LiveTickIn{"A", "NSE", "x", at(10, 10), 100, {}, {}}, at(10, 0));
    REQUIRE(c.counts().future == 1);
    REQUIRE(c.notes().back().kind == NoteKind::FutureTick);
    c.add_tick(LiveTickIn{"A", "NSE", "x", at(16, 0), 100, {}, {}}, at(16, 0));
    REQUIRE(c.counts().outside_session == 1);
    REQUIRE(c.counts().ticks == 1);
}

TEST_CASE("live: finish writes open bars partial and gives up held ones") {
    auto c = started(tfs({"1m"}));
    preopen(c, "A");
    tick(c, "A", at(9, 15, 5), 100);
    tick(c, "B", at(9, 15, 6), 50);  // B's first tick mid-bar: held
    c.finish(at(9, 15, 30));
    auto out = take(c);
    REQUIRE(out.size() == 2);
    for (const auto& e : out)
        REQUIRE(k(e).partial);
    REQUIRE(c.counts().gave_up == 1);
}

TEST_CASE("live: bars from polled quotes are held for history; what history lacks is written as sampled") {
    auto c = started(tfs({"1m"}));
    preopen(c, "A", 1000);
    auto poll = [&](Timestamp t, double px, double cum) {
        c.add_tick(LiveTickIn{"A", "NSE", "openalgo-rest:zerodha", t, px, cum, {}, true}, t);
    };
    poll(at(9, 15, 1), 100, 1100);
    poll(at(9, 15, 31), 102, 1300);
    poll(at(9, 16, 1), 101, 1350);
    poll(at(9, 16, 31), 99, 1400);
    poll(at(9, 17, 1), 98, 1410);
    REQUIRE(take(c).empty());
    REQUIRE(c.counts().held == 2);
    c.take_history(
        "A",
        {minute("A", at(9, 15), 100, 103, 99.5, 101, 320), minute("A", at(9, 16), 101, 101, 98, 98.5, 90)},
        at(9, 17, 5));
    auto out = take(c);
    REQUIRE(out.size() == 1);  // 09:15 exact from history; 09:16 waits for history reaching past it
    REQUIRE(k(out[0]).h == 103);
    REQUIRE(k(out[0]).v == 320);
    c.finish(at(9, 17, 6));  // no more history: given up, written as the samples show it
    out = take(c);
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].time() == at(9, 16));
    REQUIRE(k(out[0]).partial);
    REQUIRE(k(out[0]).h == 101);
    REQUIRE(k(out[0]).v == 100);  // 1300 -> 1400: volume from the cumulative still adds up
    REQUIRE(out[0].env.src == "openalgo-rest:zerodha");
}

TEST_CASE("live: history whose latest row (the bar still forming) is past a held bar releases it at once") {
    auto c = started(tfs({"1m", "5m"}));
    preopen(c, "A", 1000);
    auto poll = [&](Timestamp t, double px, double cum) {
        c.add_tick(LiveTickIn{"A", "NSE", "openalgo-rest:zerodha", t, px, cum, {}, true}, t);
    };
    poll(at(9, 15, 1), 100, 1100);
    poll(at(9, 15, 31), 102, 1300);
    poll(at(9, 16, 1), 101, 1350);
    REQUIRE(take(c).empty());
    const std::vector<Event> closed = {minute("A", at(9, 15), 100, 103, 99.5, 101, 320)};
    // Taken at 09:16:03 with its latest row the 09:15 bar itself: no trade is known after the
    // bar's end, so the bar may still grow (a broker's history lags its feed): it waits.
    c.take_history("A", closed, at(9, 16, 3), at(9, 15));
    REQUIRE(take(c).empty());
    // Taken at 09:16:05 with a row at 09:16 (the bar forming, left out of the minutes): the
    // instance has moved past 09:15, whose bar is then complete: written now, not a minute on.
    c.take_history("A", closed, at(9, 16, 5), at(9, 16));
    auto out = take(c);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE(k(out[0]).tf == time::kOneMinute);
    REQUIRE(k(out[0]).h == 103);
    REQUIRE(k(out[0]).v == 320);
    REQUIRE_FALSE(k(out[0]).partial);
    // The 5m bar still open is not released by it.
    c.advance(at(9, 16, 6));
    REQUIRE(take(c).empty());
}
