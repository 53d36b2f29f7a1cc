// The shipped playbook (strategies/): every strategy checks, and each fires on a crafted candle
// sequence and stays quiet on a near miss of it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "strategy/playbook.hpp"
#include "strategy_harness.hpp"

using harness::candle;
using harness::Json;
using harness::kT0;
using namespace sos;

namespace {

std::string source(const std::string& rel) {
    return std::string(SOS_SOURCE_DIR) + "/" + rel;
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Run {
    harness::Harness h;
    long i = 0;  // next candle index (one minute apart from 09:15)
    std::string sym = "NIFTY";
    std::string tf = "1m";
    int step = 60;
    explicit Run(const std::string& file) : h({read(source("strategies/" + file))}) {}

    std::vector<Json> bar(double o, double hi, double lo, double c, double v = 1000) {
        return h.decisions({candle(sym, kT0 + step * i++, o, hi, lo, c, v, tf)});
    }
    std::vector<Json> line(const std::string& l) { return h.decisions({l}); }
    // n quiet candles of range 2 around `base`: ATR 2, VWAP `base`.
    void warmup(int n, double base = 100) {
        for (int k = 0; k < n; ++k)
            REQUIRE(bar(base, base + 1, base - 1, base).empty());
    }
    std::string sentiment(const std::string& fields) {
        return fmt::format(R"({{"type":"SENTIMENT_UPDATE","timestamp":{},"symbol":"{}",{}}})",
                           kT0 + step * i - 1, sym, fields);
    }
    std::string regime(const std::string& r) {
        return fmt::format(R"({{"type":"REGIME","timestamp":{},"symbol":"{}","regime":"{}"}})",
                           kT0 + step * i - 1, sym, r);
    }
};

}  // namespace

TEST_CASE("every shipped strategy checks and carries a comment") {
    auto pb = strategy::load_playbook({source("strategies")});
    for (const auto& e : pb.all_errors())
        FAIL(e);
    CHECK(pb.files.size() >= 10);
    for (const auto& s : pb.strategies()) {
        INFO(s->pattern_id);
        CHECK(s->comment.size() > 80);
    }
}

TEST_CASE("the shipped BRF_SHORT is the seed's text with a comment added") {
    const std::string seed = R"json({
  "pattern_id": "BRF_SHORT",
  "regime_config": {
    "COMPLETE_BULLISH": { "allow_entry": false },
    "SIDEWAYS": { "tp_mult": 1.0, "quantity_mod": 0.5 },
    "BEARISH": { "tp_mult": 2.5, "quantity_mod": 1.0 }
  },
  "phases": [
    {
      "id": "SETUP",
      "conditions": ["candle.range > atr * 1.2"],
      "capture": { "mother_h": "candle.high", "mother_l": "candle.low" }
    },
    {
      "id": "VALIDATION",
      "conditions": ["candle.close < var.mother_l"],
      "timeout": 5
    },
    {
      "id": "TRIGGER",
      "conditions": [
        "candle.high > var.mother_l",
        "candle.body < candle.range * 0.2",
        "sentiment.pcr_velocity < 0"
      ]
    }
  ],
  "execution": {
    "entry": "var.mother_l - 0.1",
    "sl": "var.mother_h",
    "tp": "entry - (risk * tp_mult)"
  }
})json";
    CHECK(harness::load(seed)->fingerprint ==
          harness::load(read(source("strategies/brf_short.json")))->fingerprint);
}

TEST_CASE("BRF_SHORT fires on a failed retest of a broken mother candle") {
    Run r("brf_short.json");
    r.warmup(15);
    r.line(r.sentiment(R"("pcr_velocity":-0.1)"));
    CHECK(r.bar(100, 104, 98, 99).empty());    // mother: range 6 > 1.2 x ATR 2
    CHECK(r.bar(98.5, 99, 96.5, 97).empty());  // closes below the mother low
    auto d = r.bar(97.5, 98.5, 96.5, 97.6);    // back up to 98.5, a doji
    REQUIRE(d.size() == 1);
    CHECK(d[0]["side"] == "SELL");
    CHECK(d[0]["entry"] == Approx(97.9));
    CHECK(d[0]["sl"] == 104);
    CHECK(d[0]["tp"] == Approx(97.9 - 2 * 6.1));
}

TEST_CASE("BRF_SHORT stays quiet while PCR is rising") {
    Run r("brf_short.json");
    r.warmup(15);
    r.line(r.sentiment(R"("pcr_velocity":0.1)"));
    CHECK(r.bar(100, 104, 98, 99).empty());
    CHECK(r.bar(98.5, 99, 96.5, 97).empty());
    CHECK(r.bar(97.5, 98.5, 96.5, 97.6).empty());
}

TEST_CASE("BRF_LONG fires on a held retest of a broken-out mother candle") {
    Run r("brf_long.json");
    r.warmup(15);
    r.line(r.sentiment(R"("pcr_velocity":0.05)"));
    CHECK(r.bar(100, 102, 96, 101).empty());
    CHECK(r.bar(101.5, 103.5, 101, 103).empty());
    auto d = r.bar(102.4, 103, 101.5, 102.5);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["side"] == "BUY");
    CHECK(d[0]["entry"] == Approx(102.1));
    CHECK(d[0]["sl"] == 96);
}

TEST_CASE("BRF_LONG stays quiet when the breakout comes too late") {
    Run r("brf_long.json");
    r.warmup(15);
    r.line(r.sentiment(R"("pcr_velocity":0.05)"));
    CHECK(r.bar(100, 102, 96, 101).empty());
    for (int k = 0; k < 5; ++k)
        CHECK(r.bar(100, 101, 99.5, 100.5).empty());
    CHECK(r.bar(101.5, 103.5, 101, 103).empty());  // the sixth candle: the setup timed out
    CHECK(r.bar(102.4, 103, 101.5, 102.5).empty());
}

TEST_CASE("MOTHER_BREAKOUT_LONG fires on an inside bar broken upward") {
    Run r("mother_candle_breakout.json");
    r.warmup(15);
    CHECK(r.bar(100, 103, 97, 101).empty());  // mother
    CHECK(r.bar(100, 102, 98, 101).empty());  // inside
    auto d = r.bar(101, 104, 100.5, 103.5);   // close above the mother high
    REQUIRE(d.size() == 1);
    CHECK(d[0]["entry"] == Approx(103.05));
    CHECK(d[0]["sl"] == 98);  // the inside bar's low
    CHECK(d[0]["tp"] == Approx(103.05 + 2 * 5.05));
}

TEST_CASE("MOTHER_BREAKOUT_LONG stays quiet when the second candle is not inside") {
    Run r("mother_candle_breakout.json");
    r.warmup(15);
    CHECK(r.bar(100, 103, 97, 101).empty());
    CHECK(r.bar(100, 103.5, 98, 101).empty());  // a higher high: not an inside bar
    CHECK(r.bar(101, 104, 100.5, 103.5).empty());
}

TEST_CASE("FAILED_BREAKOUT_TRAP fires when a poke above a high-volume anchor fails") {
    Run r("failed_breakout_trap.json");
    r.warmup(20);
    r.line(r.sentiment(R"("pcr":1.0)"));
    CHECK(r.bar(100, 102, 99, 101, 2500).empty());  // anchor: 2.5 x average volume
    CHECK(r.bar(101, 103, 100.5, 102.5).empty());   // poke above 102
    auto d = r.bar(102.5, 102.8, 100, 100.5);       // red close back under the anchor high
    REQUIRE(d.size() == 1);
    CHECK(d[0]["type"] == "SIGNAL");
    CHECK(d[0]["side"] == "SELL");
    CHECK(d[0]["entry"] == Approx(99.95));
    CHECK(d[0]["sl"] == Approx(103.05));
}

TEST_CASE("FAILED_BREAKOUT_TRAP stays quiet on an ordinary-volume anchor and is vetoed by a bullish PCR") {
    Run r("failed_breakout_trap.json");
    r.warmup(20);
    r.line(r.sentiment(R"("pcr":1.0)"));
    CHECK(r.bar(100, 102, 99, 101, 1900).empty());
    CHECK(r.bar(101, 103, 100.5, 102.5).empty());
    CHECK(r.bar(102.5, 102.8, 100, 100.5).empty());
    Run v("failed_breakout_trap.json");
    v.warmup(20);
    v.line(v.sentiment(R"("pcr":1.5)"));
    v.bar(100, 102, 99, 101, 2500);
    v.bar(101, 103, 100.5, 102.5);
    auto d = v.bar(102.5, 102.8, 100, 100.5);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["type"] == "REJECT");
    CHECK(d[0]["reason"] == "SENTIMENT_VETO");
}

TEST_CASE("VWAP_REVERSION_LONG fires on a reversal after a stretch below VWAP") {
    Run r("vwap_reversion.json");
    r.warmup(15);
    CHECK(r.bar(99, 99.5, 96, 96.5).empty());  // 96.5 < VWAP 100 - 1.5 x ATR 2
    auto d = r.bar(97, 100, 96.8, 99.8);       // up close above the previous high
    REQUIRE(d.size() == 1);
    CHECK(d[0]["entry"] == Approx(100.05));
    CHECK(d[0]["sl"] == Approx(95.95));
    CHECK(d[0]["tp"] == Approx(100.05 + 4.1));  // 1R is further than VWAP (99.83)
    CHECK(d[0]["quantity_mod"] == 0.5);
}

TEST_CASE("VWAP_REVERSION_LONG stays quiet in a trending regime and on a shallow dip") {
    Run r("vwap_reversion.json");
    r.warmup(15);
    r.line(r.regime("BULLISH"));
    CHECK(r.bar(99, 99.5, 96, 96.5).empty());
    CHECK(r.bar(97, 100, 96.8, 99.8).empty());
    Run s("vwap_reversion.json");
    s.warmup(15);
    CHECK(s.bar(99, 99.5, 97.5, 97.5).empty());  // 97.5 is not below 97
    CHECK(s.bar(97.6, 100, 97.5, 99.8).empty());
}

TEST_CASE("ORB_15M_LONG fires on a close above the first 15-minute bar") {
    Run r("opening_range_breakout.json");
    r.tf = "15m";
    r.step = 900;
    CHECK(r.bar(100, 102, 99, 101).empty());  // 09:15: the opening range
    CHECK(r.bar(101, 102, 100, 101.5).empty());
    auto d = r.bar(101.5, 103, 101, 102.5);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["entry"] == Approx(102.05));
    CHECK(d[0]["sl"] == 100.5);
    CHECK(d[0]["timestamp"] == kT0 + 3 * 900);
}

TEST_CASE("ORB_15M_LONG stays quiet without the opening bar and after two hours") {
    Run r("opening_range_breakout.json");
    r.tf = "15m";
    r.step = 900;
    r.i = 1;  // the data starts at 09:30: no opening range today
    CHECK(r.bar(100, 102, 99, 101).empty());
    CHECK(r.bar(101.5, 103, 101, 102.5).empty());
    Run late("opening_range_breakout.json");
    late.tf = "15m";
    late.step = 900;
    CHECK(late.bar(100, 102, 99, 101).empty());
    for (int k = 0; k < 8; ++k)
        CHECK(late.bar(101, 101.8, 100, 101).empty());
    CHECK(late.bar(101.5, 103, 101, 102.5).empty());
}

namespace {
// 20 rising candles (closes 100..119), so close > EMA(20); then the TOMIC zone sequence.
void uptrend(Run& r) {
    for (int k = 0; k < 20; ++k)
        REQUIRE(r.bar(99.5 + k, 100.5 + k, 99 + k, 100 + k).empty());
}
void downtrend(Run& r) {
    for (int k = 0; k < 20; ++k)
        REQUIRE(r.bar(200.5 - k, 201 - k, 199.5 - k, 200 - k).empty());
}
}  // namespace

TEST_CASE("TOMIC_DEMAND_ZONE fires on the first return to a demand zone") {
    Run r("tomic_demand_zone.json");
    uptrend(r);
    CHECK(r.bar(120, 121, 119, 120.2).empty());      // base: body 0.2 of range 2
    CHECK(r.bar(120.5, 123, 120.3, 122.8).empty());  // departure: +2.3 > half the base
    CHECK(r.bar(122.5, 122.8, 121.5, 122).empty());
    auto d = r.bar(122, 122.2, 119.8, 120.5);  // touches the midpoint 120
    REQUIRE(d.size() == 1);
    CHECK(d[0]["side"] == "BUY");
    CHECK(d[0]["entry"] == 120);
    CHECK(d[0]["sl"] == Approx(119 * 0.995));
}

TEST_CASE("TOMIC_DEMAND_ZONE stays quiet after a weak departure") {
    Run r("tomic_demand_zone.json");
    uptrend(r);
    CHECK(r.bar(120, 121, 119, 120.2).empty());
    CHECK(r.bar(120.9, 121.9, 120.8, 121.7).empty());  // +0.8: not more than half the base's range
    CHECK(r.bar(122, 122.2, 119.8, 120.5).empty());
}

TEST_CASE("TOMIC_SUPPLY_ZONE fires on the first return to a supply zone and not in a bull regime") {
    Run r("tomic_supply_zone.json");
    downtrend(r);
    CHECK(r.bar(180, 181, 179, 179.8).empty());
    CHECK(r.bar(179.5, 179.7, 177, 177.2).empty());
    auto d = r.bar(177.5, 180.2, 177.4, 179.5);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["side"] == "SELL");
    CHECK(d[0]["entry"] == 180);
    CHECK(d[0]["sl"] == Approx(181 * 1.005));
    Run b("tomic_supply_zone.json");
    downtrend(b);
    b.line(b.regime("BULLISH"));
    CHECK(b.bar(180, 181, 179, 179.8).empty());
    CHECK(b.bar(179.5, 179.7, 177, 177.2).empty());
    CHECK(b.bar(177.5, 180.2, 177.4, 179.5).empty());
}

TEST_CASE("IV_CRUSH_STRANGLE sells the strangle on rich IV in congestion") {
    Run r("short_strangle_iv_crush.json");
    r.line(r.sentiment(R"("iv_rank":70,"iv":0.18,"hv":0.12,"vix":18)"));
    r.line(r.regime("SIDEWAYS"));
    auto d = r.bar(100, 101, 99, 100);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["kind"] == "options");
    CHECK(d[0]["structure"] == "SHORT_STRANGLE");
    CHECK(d[0]["side"] == "SELL");
    CHECK(d[0]["score"] == 70);
    CHECK(d[0]["legs"].size() == 2);
    CHECK(r.bar(100, 101, 99, 100).empty());  // cooldown
}

TEST_CASE("IV_CRUSH_STRANGLE stays quiet when VIX is out of its band or the market trends") {
    Run r("short_strangle_iv_crush.json");
    r.line(r.sentiment(R"("iv_rank":70,"iv":0.18,"hv":0.12,"vix":27)"));
    r.line(r.regime("SIDEWAYS"));
    CHECK(r.bar(100, 101, 99, 100).empty());
    r.line(r.sentiment(R"("vix":18)"));
    r.line(r.regime("BULLISH"));
    CHECK(r.bar(100, 101, 99, 100).empty());
}

TEST_CASE("IRON_CONDOR_RICH_IV opens four legs and halves size in a mild trend") {
    Run r("iron_condor.json");
    r.line(r.sentiment(R"("iv_rank":55,"iv":0.15,"hv":0.11,"vix":13)"));
    r.line(r.regime("BULLISH"));
    auto d = r.bar(100, 101, 99, 100);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["structure"] == "IRON_CONDOR");
    CHECK(d[0]["quantity_mod"] == 0.5);
    CHECK(d[0]["legs"].size() == 4);
    CHECK(d[0]["legs"][0] ==
          Json::parse(R"({"action":"BUY","option_type":"PE","offset":"OTM2","expiry_offset":0})"));
}

TEST_CASE("IRON_CONDOR_RICH_IV stays quiet when premiums are too low") {
    Run r("iron_condor.json");
    r.line(r.sentiment(R"("iv_rank":55,"iv":0.15,"hv":0.11,"vix":11)"));
    CHECK(r.bar(100, 101, 99, 100).empty());
    r.line(r.sentiment(R"("vix":13)"));
    r.line(r.regime("COMPLETE_BULLISH"));
    CHECK(r.bar(100, 101, 99, 100).empty());
}
