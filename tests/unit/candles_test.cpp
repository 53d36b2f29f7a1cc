#include <catch2/catch.hpp>

#include "candles/candle_builder.hpp"

using namespace sos;
using namespace sos::candles;
using event::Candle;
using event::Event;
using time::Timestamp;

namespace {

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

// 2024-01-08 (a Monday) at hh:mm:ss IST.
Timestamp at(int h, int m, double s = 0, int day = 8) {
    return Timestamp{cal().zone().at(time::Date{2024, 1, day}, h * 3600 + m * 60).ns +
                     static_cast<std::int64_t>(s * 1e9)};
}

Event tick(std::string sym, Timestamp t, double ltp, std::optional<double> cum = std::nullopt) {
    Event e;
    e.env.kind = event::Kind::Tick;
    e.env.symbol = std::move(sym);
    e.env.timestamp = t;
    auto& k = e.body.emplace<event::Tick>();
    k.ltp = ltp;
    k.volume = cum;
    return e;
}

Event bar(std::string sym, Timestamp t, double o, double h, double l, double c, double v,
          std::string_view tf = "1m") {
    Event e;
    e.env.kind = event::Kind::Candle;
    e.env.symbol = std::move(sym);
    e.env.timestamp = t;
    auto& k = e.body.emplace<Candle>();
    k.tf = *time::parse_timeframe(tf);
    k.o = o;
    k.h = h;
    k.l = l;
    k.c = c;
    k.v = v;
    return e;
}

const Candle& candle(const Event& e) {
    return *e.as<Candle>();
}

std::vector<time::Timeframe> tfs(std::initializer_list<const char*> names) {
    std::vector<time::Timeframe> out;
    for (auto n : names)
        out.push_back(*time::parse_timeframe(n));
    return out;
}

}  // namespace

TEST_CASE("ticks make a 1m bar that closes when the next minute starts") {
    CandleBuilder b(tfs({"1m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(9, 15, 1), 100, 1000), out);
    b.add_tick(tick("A", at(9, 15, 20), 103, 1500), out);
    b.add_tick(tick("A", at(9, 15, 40), 99, 1600), out);
    b.add_tick(tick("A", at(9, 15, 59.9), 101, 2000), out);
    REQUIRE(out.empty());  // never written before it is over
    b.add_tick(tick("A", at(9, 16, 0), 102, 2100), out);
    REQUIRE(out.size() == 1);
    const auto& k = candle(out[0]);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE(k.o == 100);
    REQUIRE(k.h == 103);
    REQUIRE(k.l == 99);
    REQUIRE(k.c == 101);
    REQUIRE(k.v == 2000);  // cumulative 0 -> 2000 within the bar
    REQUIRE_FALSE(k.gap);
}

TEST_CASE("minutes without trades become marked gap bars at the previous close") {
    CandleBuilder b(tfs({"1m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(9, 15, 10), 100), out);
    b.add_tick(tick("A", at(9, 18, 5), 105), out);
    REQUIRE(out.size() == 3);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE_FALSE(candle(out[0]).gap);
    REQUIRE(out[1].time() == at(9, 16));
    REQUIRE(candle(out[1]).gap);
    REQUIRE(candle(out[1]).o == 100);
    REQUIRE(candle(out[1]).h == 100);
    REQUIRE(candle(out[1]).v == 0);
    REQUIRE(out[2].time() == at(9, 17));
    REQUIRE(candle(out[2]).gap);
}

TEST_CASE("a late tick for a bar already written is counted and not folded in") {
    CandleBuilder b(tfs({"1m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(9, 15, 10), 100), out);
    b.add_tick(tick("A", at(9, 16, 1), 101), out);
    REQUIRE(out.size() == 1);
    REQUIRE(b.add_tick(tick("A", at(9, 15, 50), 500), out) == Fate::Late);
    REQUIRE(b.late() == 1);
    b.add_tick(tick("A", at(9, 17, 0), 102), out);
    REQUIRE(out.size() == 2);
    REQUIRE(candle(out[1]).h == 101);  // the late 500 never reached any bar
}

TEST_CASE("several timeframes from the same ticks agree") {
    CandleBuilder b(tfs({"5m", "1m"}), cal());
    std::vector<Event> out;
    double px[] = {100, 102, 98, 101, 104, 103};
    for (int m = 0; m < 6; ++m)
        b.add_tick(tick("A", at(9, 15 + m, 30), px[m], 100.0 * (m + 1)), out);
    // 09:15..09:19 one-minute bars closed, then the 5m bar, all by the 09:20:30 tick.
    REQUIRE(out.size() == 6);
    REQUIRE(candle(out[4]).tf.seconds == 60);
    const auto& five = candle(out[5]);
    REQUIRE(five.tf.seconds == 300);
    REQUIRE(out[5].time() == at(9, 15));
    REQUIRE(five.o == 100);
    REQUIRE(five.h == 104);
    REQUIRE(five.l == 98);
    REQUIRE(five.c == 104);
    REQUIRE(five.v == 500);
}

TEST_CASE("ticks outside the session are ignored and counted") {
    CandleBuilder b(tfs({"1m"}), cal());
    std::vector<Event> out;
    REQUIRE(b.add_tick(tick("A", at(9, 14, 59), 100), out) == Fate::OutsideSession);
    REQUIRE(b.add_tick(tick("A", at(15, 30, 0), 100), out) == Fate::OutsideSession);
    REQUIRE(b.add_tick(tick("A", at(12, 0, 0, 6), 100), out) == Fate::OutsideSession);  // a Saturday
    REQUIRE(b.outside_session() == 3);
    REQUIRE(out.empty());
}

TEST_CASE("the day's last bars close at the session end and gaps run to the close") {
    CandleBuilder b(tfs({"1m", "15m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(15, 27, 30), 100), out);
    REQUIRE(out.empty());
    b.add_tick(tick("A", at(9, 15, 5, 9), 110), out);  // the next trading day
    // 15:27 real, 15:28 and 15:29 gaps, the 15:15 15-minute bar; nothing spans into the new day.
    REQUIRE(out.size() == 4);
    REQUIRE(out[0].time() == at(15, 27));
    REQUIRE(candle(out[1]).gap);
    REQUIRE(out[2].time() == at(15, 29));
    REQUIRE(candle(out[2]).gap);
    REQUIRE(candle(out[3]).tf.seconds == 900);
    REQUIRE(out[3].time() == at(15, 15));
    REQUIRE(candle(out[3]).c == 100);
    out.clear();
    b.add_tick(tick("A", at(9, 16, 5, 9), 111), out);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 15, 0, 9));
    REQUIRE(candle(out[0]).o == 110);  // the new day opens from its first trade: no gap before it
}

TEST_CASE("the clock of one symbol closes another symbol's bars") {
    CandleBuilder b(tfs({"1m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("B", at(9, 15, 5), 50), out);
    b.add_tick(tick("A", at(9, 15, 6), 100), out);
    b.add_tick(tick("A", at(9, 16, 1), 101), out);
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].env.symbol == "A");  // same end: ordered by symbol
    REQUIRE(out[1].env.symbol == "B");
}

TEST_CASE("1m candles resample into 5m bars that close with their last minute") {
    CandleBuilder b(tfs({"1m", "5m"}), cal());
    std::vector<Event> out;
    double o[] = {100, 101, 99, 103, 104};
    for (int m = 0; m < 5; ++m) {
        auto r = b.add_candle(bar("A", at(9, 15 + m), o[m], o[m] + 2, o[m] - 1, o[m] + 1, 10), out);
        REQUIRE(r.write_input);
    }
    REQUIRE(out.size() == 1);  // closed by the 09:19 bar itself, no waiting for 09:20
    const auto& k = candle(out[0]);
    REQUIRE(k.tf.seconds == 300);
    REQUIRE(k.o == 100);
    REQUIRE(k.h == 106);
    REQUIRE(k.l == 98);
    REQUIRE(k.c == 105);
    REQUIRE(k.v == 50);
}

TEST_CASE("the hourly bar from 15:15 is cut at the 15:30 close") {
    CandleBuilder b(tfs({"1h"}), cal());
    std::vector<Event> out;
    for (int m = 0; m < 15; ++m) {
        auto r = b.add_candle(bar("A", at(15, 15 + m), 100, 101, 99, 100, 1), out);
        REQUIRE_FALSE(r.write_input);  // 1m was not asked for
    }
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(15, 15));
    REQUIRE(candle(out[0]).v == 15);
}

TEST_CASE("end of data writes the open bars and invents nothing after the last event") {
    CandleBuilder b(tfs({"1m", "5m"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(11, 0, 30), 100), out);
    b.finish(out);
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].time() == at(11, 0));
    REQUIRE(candle(out[0]).partial);
    REQUIRE(candle(out[1]).tf.seconds == 300);
    REQUIRE(candle(out[1]).partial);
}

TEST_CASE("a daily bar covers the whole session") {
    CandleBuilder b(tfs({"1d"}), cal());
    std::vector<Event> out;
    b.add_tick(tick("A", at(9, 15, 0), 100), out);
    b.add_tick(tick("A", at(12, 0, 0), 120), out);
    b.add_tick(tick("A", at(15, 29, 59), 90), out);
    REQUIRE(out.empty());
    b.add_tick(tick("A", at(9, 15, 0, 9), 95), out);
    REQUIRE(out.size() == 1);
    REQUIRE(candle(out[0]).o == 100);
    REQUIRE(candle(out[0]).h == 120);
    REQUIRE(candle(out[0]).l == 90);
    REQUIRE(candle(out[0]).c == 90);
}

TEST_CASE("resampling several symbols minute by minute loses no bar of any symbol") {
    CandleBuilder b(tfs({"5m"}), cal());
    std::vector<Event> out;
    for (int m = 0; m < 10; ++m)
        for (const char* sym : {"A", "B", "C"}) {
            auto r = b.add_candle(bar(sym, at(9, 15 + m), 100, 101, 99, 100, 1), out);
            REQUIRE(r.fate == Fate::Used);
        }
    REQUIRE(b.late() == 0);
    REQUIRE(out.size() == 6);  // two 5m bars for each of three symbols, all whole
    for (const auto& e : out)
        REQUIRE(candle(e).v == 5);
}
