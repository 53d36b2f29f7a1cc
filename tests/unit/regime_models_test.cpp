// The three models on inputs built by hand: the SOS bridge's table and its hysteresis, the
// TOMIC score and phase on constructed bar series, the blend's parts and re-weighting, and
// the bar indicators they stand on.
#include <catch2/catch.hpp>

#include <cmath>

#include "regime/bar_indicators.hpp"
#include "regime/blend_model.hpp"
#include "regime/regime_config.hpp"
#include "regime/sos_model.hpp"
#include "regime/tomic_model.hpp"

using namespace sos;
using namespace sos::regime;

namespace {

const time::Timestamp kNow = time::Timestamp::from_seconds(1704700000);
const time::Date kDay{2024, 1, 8};

const RegimeConfig& shipped() {
    static const RegimeConfig c = load_regime_config("");
    return c;
}

SentimentInputs sentiment(std::optional<double> pcr, std::optional<double> adv = {},
                          std::optional<double> dec = {}, std::optional<double> velocity = {}) {
    SentimentInputs s;
    if (pcr) s.pcr.set(*pcr, kNow);
    if (velocity) s.pcr_velocity.set(*velocity, kNow);
    if (adv) s.adv.set(*adv, kNow);
    if (dec) s.dec.set(*dec, kNow);
    return s;
}

ModelInputs inputs(const SentimentInputs& s, const BarIndicators* bars = nullptr,
                   std::optional<double> vix = {}) {
    ModelInputs in;
    in.now = kNow;
    in.sentiment = &s;
    in.bars = bars;
    in.vix = vix;
    return in;
}

event::Candle bar(double o, double h, double l, double c, double v = 1000) {
    event::Candle k;
    k.o = o;
    k.h = h;
    k.l = l;
    k.c = c;
    k.v = v;
    return k;
}

// `n` bars moving `step` per bar with a range of 2 around the close.
BarIndicators trending(int n, double step, double start = 1000) {
    BarIndicators b(shipped().periods);
    double c = start;
    for (int i = 0; i < n; ++i) {
        const double o = c;
        c += step;
        b.add(bar(o, std::max(o, c) + 1, std::min(o, c) - 1, c), kDay);
    }
    return b;
}

}  // namespace

TEST_CASE("the SOS table reads top to bottom") {
    SosModel m(shipped().sos);
    CHECK(m.rule(0.75, 1.6) == Regime::CompleteBullish);
    CHECK(m.rule(0.85, 1.3) == Regime::Bullish);
    CHECK(m.rule(0.75, 1.3) == Regime::Bullish);  // not > 1.5: the next rule
    CHECK(m.rule(0.95, 1.1) == Regime::SidewaysBullish);
    CHECK(m.rule(1.25, 0.6) == Regime::CompleteBearish);
    CHECK(m.rule(1.15, 0.8) == Regime::Bearish);
    CHECK(m.rule(1.05, 0.95) == Regime::SidewaysBearish);
    CHECK(m.rule(1.0, 1.0) == Regime::Sideways);
    CHECK(m.rule(0.7, 0.5) == Regime::Sideways);  // bullish PCR, bearish breadth
}

TEST_CASE("the SOS table without breadth uses the PCR alone and says so") {
    SosModel m(shipped().sos);
    auto s = sentiment(0.75);
    Evaluation ev = m.evaluate(inputs(s));
    REQUIRE(ev.ok);
    CHECK(*ev.ruled == Regime::CompleteBullish);
    CHECK(ev.score == 3);
    CHECK(ev.inputs == R"({"pcr":0.75,"missing":["breadth"]})");
    auto none = sentiment(std::nullopt);
    CHECK_FALSE(m.evaluate(inputs(none)).ok);
    auto ad_only = sentiment(std::nullopt, 30, 20);
    Evaluation ev2 = m.evaluate(inputs(ad_only));
    REQUIRE(ev2.ok);
    CHECK(*ev2.ruled == Regime::Bullish);  // A/D 1.5: above 1.2, not above 1.5
    CHECK(ev2.inputs == R"({"ad_ratio":1.5,"breadth":{"adv":30,"dec":20},"missing":["pcr"]})");
}

TEST_CASE("the SOS table leaves a regime only past its margins") {
    SosModel m(shipped().sos);              // margins: PCR 0.02, A/D 0.05
    auto near = sentiment(0.91, 125, 100);  // A/D 1.25: the table says SIDEWAYS_BULLISH
    Evaluation ev = m.evaluate(inputs(near));
    CHECK(m.target(ev) == Regime::SidewaysBullish);
    CHECK_FALSE(m.leaves(Regime::Bullish, ev));  // PCR 0.89 would still be bullish
    auto far = sentiment(0.95, 125, 100);
    CHECK(m.leaves(Regime::Bullish, m.evaluate(inputs(far))));
}

TEST_CASE("EMA ATR and VWAP on hand-computed bars") {
    IndicatorPeriods p;
    p.atr = 3;
    BarIndicators b(p);
    b.add(bar(100, 102, 99, 101, 10), kDay);   // TR 3
    b.add(bar(101, 104, 100, 103, 30), kDay);  // TR 4
    CHECK_FALSE(b.atr());
    b.add(bar(103, 103, 98, 99, 20), kDay);  // TR 5
    CHECK(*b.atr() == Approx(4));
    b.add(bar(99, 100, 96, 97, 40), kDay);  // TR 4: (4 x 2 + 4) / 3
    CHECK(*b.atr() == Approx(4));
    // VWAP: sum of typical price x volume over volume.
    const double tp = (102 + 99 + 101) / 3.0 * 10 + (104 + 100 + 103) / 3.0 * 30 +
                      (103 + 98 + 99) / 3.0 * 20 + (100 + 96 + 97) / 3.0 * 40;
    CHECK(*b.vwap() == Approx(tp / 100));
    b.add(bar(97, 98, 96, 97, 10), time::Date{2024, 1, 9});  // a new session restarts it
    CHECK(*b.vwap() == Approx((98 + 96 + 97) / 3.0));
    Ema e(3);
    e.add(10);
    CHECK(e.add(20) == 15);
}

TEST_CASE("trend indicators read a steady rise as bullish") {
    BarIndicators up = trending(60, 1);
    auto cloud = up.cloud();
    REQUIRE(cloud);
    CHECK(up.close() > cloud->second);
    CHECK(*up.impulse() == 0);  // a perfectly steady rise: the MACD histogram flattens out
    CHECK(*up.adx() > 90);
    CHECK(*up.trend_atr() > 0);
    CHECK_FALSE(*up.ranges_overlap());
    BarIndicators down = trending(60, -1);
    CHECK(down.close() < down.cloud()->first);
    CHECK(*down.trend_atr() < 0);
}

TEST_CASE("TOMIC scores a strong rise and caps it while VIX is low") {
    TomicModel m(shipped().tomic);
    // Flat, then a rise that keeps accelerating: the EMA and the MACD histogram both rise
    // (GREEN impulse), price clears the cloud, ADX is high and price is above VWAP.
    BarIndicators b(shipped().periods);
    double c = 1000;
    for (int i = 0; i < 70; ++i) {
        const double o = c;
        if (i >= 40) c *= 1 + 0.0004 * (i - 39);
        b.add(bar(o, std::max(o, c) + 1, std::min(o, c) - 1, c), kDay);
    }
    REQUIRE(*b.impulse() == 1);
    auto s = sentiment(1.3);
    Evaluation ev = m.evaluate(inputs(s, &b, 15.0));
    REQUIRE(ev.ok);
    // Ichimoku 8 + impulse 6 + PCR over 1.2 with a bullish cloud 5 + ADX 2 + VWAP 2 = 23, clamped to 20.
    CHECK(ev.score == 20);
    CHECK(ev.phase == "BULLISH");
    CHECK(m.target(ev) == Regime::CompleteBullish);
    CHECK(ev.inputs.find(R"("ichimoku":"BULLISH","impulse":"GREEN")") != std::string::npos);
    Evaluation capped = m.evaluate(inputs(s, &b, 11.0));
    CHECK(capped.score == 5);
    Evaluation no_pcr = m.evaluate(inputs(sentiment(std::nullopt), &b, 15.0));
    CHECK(no_pcr.score == 18);
    CHECK(no_pcr.inputs.find(R"("missing":["pcr"])") != std::string::npos);
}

TEST_CASE("TOMIC needs its 52 bars") {
    TomicModel m(shipped().tomic);
    BarIndicators b = trending(51, 1);
    auto s = sentiment(1.0);
    CHECK_FALSE(m.evaluate(inputs(s, &b)).ok);
    CHECK_FALSE(m.evaluate(inputs(s, nullptr)).ok);
}

TEST_CASE("TOMIC reads overlapping narrow bars as congestion") {
    TomicModel m(shipped().tomic);
    BarIndicators b(shipped().periods);
    // Every bar 999..1001, closes either side of 1000, the last at 1000: inside a flat cloud.
    for (int i = 0; i < 60; ++i)
        b.add(bar(1000, 1001, 999, 1000 + (i % 2 ? 0.5 : -0.5)), kDay);
    b.add(bar(1000, 1001, 999, 1000), kDay);
    auto s = sentiment(1.0);
    Evaluation ev = m.evaluate(inputs(s, &b, 15.0));
    REQUIRE(ev.ok);
    CHECK(ev.phase == "CONGESTION");
    CHECK(ev.inputs.find(R"("ichimoku":"NEUTRAL")") != std::string::npos);
    CHECK(ev.inputs.find(R"("congestion":true)") != std::string::npos);
    // No direction at all: ADX is 0, which TOMIC's "0 < ADX < 20" leaves alone.
    CHECK(*b.adx() == 0);
    CHECK(ev.score == -4 + 6 * *b.impulse());
}

TEST_CASE("TOMIC marks a wide high-volume break from the average as a blow-off") {
    TomicModel m(shipped().tomic);
    BarIndicators b(shipped().periods);
    for (int i = 0; i < 60; ++i)
        b.add(bar(1000, 1001, 999, 1000 + (i % 2 ? 0.5 : -0.5)), kDay);
    b.add(bar(1000, 1030, 1000, 1030, 5000), kDay);  // 30 points with a 2-point ATR, 5x volume
    auto s = sentiment(1.0);
    Evaluation ev = m.evaluate(inputs(s, &b, 15.0));
    CHECK(ev.phase == "BLOWOFF");
    CHECK(ev.inputs.find(R"("blowoff":true)") != std::string::npos);
}

TEST_CASE("the blend weighs the parts it has and re-weights around missing ones") {
    BlendModel m(shipped().blend);  // weights 0.35 0.1 0.15 0.4; scales 0.25 0.005 0.5 1
    auto only_pcr = sentiment(1.25);
    Evaluation a = m.evaluate(inputs(only_pcr));
    REQUIRE(a.ok);
    CHECK(a.score == Approx(100));
    CHECK(a.inputs == R"({"pcr":1.25,"parts":{"pcr":1},"missing":["pcr_velocity","breadth","trend"]})");
    // PCR 1.1 -> 0.4; velocity 0.0025 -> 0.5; breadth (30 - 20) / 50 / 0.5 -> 0.4; no bars.
    auto three = sentiment(1.1, 30, 20, 0.0025);
    Evaluation b = m.evaluate(inputs(three));
    CHECK(b.score == Approx(100 * (0.35 * 0.4 + 0.1 * 0.5 + 0.15 * 0.4) / 0.6));
    // With bars: the trend in ATR units joins in.
    BarIndicators up = trending(60, 1);
    Evaluation c = m.evaluate(inputs(three, &up));
    const double trend = std::clamp(*up.trend_atr(), -1.0, 1.0);
    CHECK(c.score == Approx(100 * (0.35 * 0.4 + 0.1 * 0.5 + 0.15 * 0.4 + 0.4 * trend)));
    CHECK(c.inputs.find("\"missing\"") == std::string::npos);
    auto nothing = sentiment(std::nullopt);
    CHECK_FALSE(m.evaluate(inputs(nothing)).ok);
}

TEST_CASE("the blend reads PCR the other way round when told to") {
    BlendSettings s = shipped().blend;
    s.pcr_high_bullish = false;
    BlendModel m(s);
    auto high = sentiment(1.25);
    CHECK(m.evaluate(inputs(high)).score == Approx(-100));
}

TEST_CASE("stale sentiment is not used") {
    BlendModel m(shipped().blend);
    SentimentInputs s;
    s.pcr.set(1.25, kNow.plus_seconds(-601));  // older than the 600 s limit
    s.adv.set(40, kNow);
    s.dec.set(10, kNow);
    Evaluation ev = m.evaluate(inputs(s));
    REQUIRE(ev.ok);
    CHECK(ev.score == Approx(100));  // breadth alone: (40 - 10) / 50 / 0.5 = 1.2, capped
    CHECK(ev.inputs.find(R"("missing":["pcr","pcr_velocity","trend"])") != std::string::npos);
}
