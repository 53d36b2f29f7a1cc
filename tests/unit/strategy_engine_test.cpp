// The state machine of spec/strategy.md, rule by rule, through the engine.
#include <catch2/catch.hpp>

#include "strategy_harness.hpp"

using harness::candle;
using harness::Harness;
using harness::Json;
using harness::kT0;

namespace {

// Phase A: an up candle, capturing its high and low; phase B: a close above that high within
// `timeout` candles. Entry the high, stop the low.
std::string two_phase(const std::string& extra = "", int timeout = 2) {
    return R"json({"pattern_id":"TWO","symbols":["X*"],)json" + extra +
           R"("phases":[{"id":"A","conditions":["candle.close > candle.open"],"capture":{"hi":"candle.high","lo":"candle.low"}},
                        {"id":"B","conditions":["candle.close > var.hi"],"timeout":)" +
           std::to_string(timeout) + R"(}],
              "execution":{"entry":"var.hi","sl":"var.lo","tp":"entry + risk * tp_mult"}})";
}

std::string up(long i, double base = 100, const std::string& sym = "XA") {
    return candle(sym, kT0 + 60 * i, base, base + 2, base - 1, base + 1);
}
std::string flat(long i, double base = 100, const std::string& sym = "XA") {
    return candle(sym, kT0 + 60 * i, base, base + 0.5, base - 0.5, base);
}
std::string breakout(long i, double above, const std::string& sym = "XA") {
    return candle(sym, kT0 + 60 * i, above - 0.5, above + 2, above - 1, above + 1);
}

}  // namespace

TEST_CASE("one candle completes at most one phase") {
    const std::string s = R"json({"pattern_id":"UP3","phases":[{"conditions":["candle.close > candle.open"]},
        {"conditions":["candle.close > candle.open"]},{"conditions":["candle.close > candle.open"]}],
        "execution":{"entry":"candle.close","sl":"candle.low","tp":"candle.high + 1"}})json";
    Harness h({s});
    CHECK(h.decisions({up(0), up(1)}).empty());
    auto d = h.decisions({up(2)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["candle_ts"] == kT0 + 120);
}

TEST_CASE("a signal carries the deterministic id the close time and the execution figures") {
    Harness h({two_phase()});
    auto d = h.decisions({up(0), breakout(1, 103)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["type"] == "SIGNAL");
    CHECK(d[0]["id"] == "TWO:XA:1m:" + std::to_string(kT0 + 60));
    CHECK(d[0]["timestamp"] == kT0 + 120);
    CHECK(d[0]["entry"] == 102);
    CHECK(d[0]["sl"] == 99);
    CHECK(d[0]["risk"] == 3);
    CHECK(d[0]["tp"] == 108);
    CHECK(d[0]["side"] == "BUY");
    CHECK(d[0]["regime"].is_null());
    CHECK(d[0]["vars"] == Json::parse(R"json({"hi":102,"lo":99})json"));
    CHECK_FALSE(d[0].contains("hist"));
}

TEST_CASE("a timeout of T allows the T candles after the setup and the next one starts over") {
    SECTION("met on the T-th candle") {
        Harness h({two_phase()});
        CHECK(h.decisions({up(0), flat(1), breakout(2, 103)}).size() == 1);
    }
    SECTION("the T+1-th candle resets and is judged as a phase-0 candle") {
        Harness h({two_phase()});
        // The fourth candle breaks the first setup's high but is too late: it becomes a new setup.
        CHECK(h.decisions({up(0), flat(1), flat(2), breakout(3, 103)}).empty());
        auto d = h.decisions({breakout(4, 107)});
        REQUIRE(d.size() == 1);
        CHECK(d[0]["vars"]["hi"] == 105);  // the re-anchored setup (candle 3's high)
    }
}

TEST_CASE("a candle completing phase 0 while a later phase is awaited does not re-anchor") {
    Harness h({two_phase("", 5)});
    auto d = h.decisions({up(0, 100), up(1, 100.2), breakout(2, 103)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["vars"]["hi"] == 102);
}

TEST_CASE("a regime veto resets the tracker and skips the candle") {
    Harness h({two_phase(R"("regime_config":{"BEARISH":{"allow_entry":false}},)", 5)});
    const std::string bearish =
        R"json({"type":"REGIME","timestamp":1704685550,"symbol":"XA","regime":"BEARISH"})json";
    const std::string bullish =
        R"json({"type":"REGIME","timestamp":1704685610,"symbol":"XA","regime":"BULLISH"})json";
    // Vetoed: the breakout is skipped and the setup is gone.
    CHECK(h.decisions({up(0), bearish, breakout(1, 103), bullish}).empty());
    CHECK(h.decisions({breakout(2, 103)}).empty());  // a new setup, not a trigger
    auto d = h.decisions({breakout(3, 106)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["regime"] == "BULLISH");
}

TEST_CASE("intraday trackers reset at a new session and daily ones never do") {
    const long day2 = kT0 + 3 * 86400;  // Thursday 2024-01-11 09:15 IST
    Harness h({two_phase("", 5)});
    CHECK(h.decisions({up(0), candle("XA", day2, 102.5, 105, 101.5, 104)}).empty());
    const std::string daily = R"json({"pattern_id":"D","timeframe":"1d",
        "phases":[{"conditions":["candle.close > candle.open"],"capture":{"hi":"candle.high"}},{"conditions":["candle.close > var.hi"]}],
        "execution":{"entry":"var.hi","sl":"var.hi - 5","tp":"entry + risk"}})json";
    Harness d({daily});
    auto out = d.decisions({candle("XA", kT0, 100, 102, 99, 101, 1000, "1d"),
                            candle("XA", day2, 102.5, 105, 101.5, 104, 1000, "1d")});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["timestamp"] == day2 + 375 * 60);  // a daily bar closes with the session
}

TEST_CASE("gates decide between SIGNAL and SENTIMENT_VETO and undefined is never true") {
    const std::string s = R"json({"pattern_id":"G","gates":["sentiment.pcr < 1"],"phases":[{"conditions":[]}],
        "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    auto d = h.decisions({candle("N", kT0, 10, 11, 9, 10.5)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["type"] == "REJECT");
    CHECK(d[0]["stage"] == "match");
    CHECK(d[0]["reason"] == "SENTIMENT_VETO");
    CHECK(d[0]["detail"] == "gate undefined: sentiment.pcr < 1");
    CHECK(d[0]["ref"] == "G:N:1m:" + std::to_string(kT0));
    CHECK(d[0]["entry"] == 10.5);  // the figures the signal would have had
    CHECK(d[0]["sl"] == 9);
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685555,"symbol":"N","pcr":1.2})json");
    d = h.decisions({candle("N", kT0 + 60, 10, 11, 9, 10.5)});
    CHECK(d[0]["detail"] == "gate not true: sentiment.pcr < 1");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685615,"symbol":"N","pcr":0.9})json");
    d = h.decisions({candle("N", kT0 + 120, 10, 11, 9, 10.5)});
    CHECK(d[0]["type"] == "SIGNAL");
}

TEST_CASE("an undefined entry stop or target gives UNDEFINED_PRICE") {
    const std::string s =
        R"json({"pattern_id":"U","phases":[{"conditions":[],"capture":{"x":"sentiment.vix"}}],
        "execution":{"entry":"candle.close","sl":"var.x","tp":"entry + risk"}})json";
    Harness h({s});
    auto d = h.decisions({candle("N", kT0, 10, 11, 9, 10.5)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["reason"] == "UNDEFINED_PRICE");
    CHECK(d[0]["detail"] == "stop undefined: var.x");
    CHECK(d[0]["vars"]["x"].is_null());  // an undefined capture is stored as undefined
    CHECK(d[0]["sl"].is_null());
}

TEST_CASE("side is inferred from the raw stop unless the strategy names it") {
    auto make = [](const std::string& side, const std::string& sl) {
        return R"json({"pattern_id":"S",)json" + side + R"("phases":[{"conditions":[]}],
            "execution":{"entry":"candle.close","sl":")" +
               sl + R"(","tp":"entry + risk"}})";
    };
    CHECK(Harness({make("", "candle.high")}).decisions({candle("N", kT0, 10, 11, 9, 10.5)})[0]["side"] ==
          "SELL");
    CHECK(Harness({make("", "candle.low")}).decisions({candle("N", kT0, 10, 11, 9, 10.5)})[0]["side"] ==
          "BUY");
    CHECK(Harness({make("", "candle.close")}).decisions({candle("N", kT0, 10, 11, 9, 10.5)})[0]["side"] ==
          "BUY");
    CHECK(Harness({make(R"("side":"BUY",)", "candle.high")})
              .decisions({candle("N", kT0, 10, 11, 9, 10.5)})[0]["side"] == "BUY");
}

TEST_CASE("the regime tightens the stop and sets risk target and quantity") {
    const std::string s = R"json({"pattern_id":"T","params":{"tp_mult":2,"quantity_mod":1,"sl_tightness":0.5},
        "regime_config":{"SIDEWAYS":{"tp_mult":1,"quantity_mod":0.5},"BULLISH":{"sl_tightness":0}},
        "phases":[{"conditions":[]}],
        "execution":{"entry":"100","sl":"90","tp":"entry + risk * tp_mult + quantity_mod * 0 + sl_tightness * 0"}})json";
    Harness h({s});
    auto d = h.decisions({candle("N", kT0, 10, 11, 9, 10.5)});
    CHECK(d[0]["sl"] == 95);
    CHECK(d[0]["risk"] == 5);
    CHECK(d[0]["tp"] == 110);
    CHECK(d[0]["tp_mult"] == 2);
    h.line(R"json({"type":"REGIME","timestamp":1704685555,"symbol":"N","regime":"SIDEWAYS"})json");
    d = h.decisions({candle("N", kT0 + 60, 10, 11, 9, 10.5)});
    CHECK(d[0]["sl"] == 95);
    CHECK(d[0]["tp"] == 105);
    CHECK(d[0]["quantity_mod"] == 0.5);
    h.line(R"json({"type":"REGIME","timestamp":1704685615,"symbol":"N","regime":"BULLISH"})json");
    d = h.decisions({candle("N", kT0 + 120, 10, 11, 9, 10.5)});
    CHECK(d[0]["sl"] == 90);
    CHECK(d[0]["tp"] == 120);
}

TEST_CASE("signals born of history carry hist true") {
    Harness h({two_phase()});
    auto d = h.decisions({candle("XA", kT0, 100, 102, 99, 101, 1000, "1m", true),
                          candle("XA", kT0 + 60, 102.5, 105, 102, 104, 1000, "1m", true)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["hist"] == true);
}

TEST_CASE("indicators see only the candles before the one judged") {
    const std::string s = R"json({"pattern_id":"V","phases":[{"conditions":["candle.vol > avg * 2"]}],
        "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    std::vector<std::string> lines;
    for (int i = 0; i < 19; ++i)
        lines.push_back(candle("N", kT0 + 60 * i, 10, 11, 9, 10, 100));
    CHECK(h.decisions(lines).empty());
    CHECK(
        h.decisions({candle("N", kT0 + 60 * 19, 10, 11, 9, 10, 500)}).empty());  // 19 bars before: no avg yet
    Harness k({s});
    lines.push_back(candle("N", kT0 + 60 * 19, 10, 11, 9, 10, 100));
    CHECK(k.decisions(lines).empty());
    // With the spike inside its own average (19 x 100 + 201) / 20 * 2 = 210.1 it would not fire.
    CHECK(k.decisions({candle("N", kT0 + 60 * 20, 10, 11, 9, 10, 201)}).size() == 1);
}

TEST_CASE("indicators take every candle whatever the phase or veto") {
    const std::string s = R"json({"pattern_id":"V","regime_config":{"BEARISH":{"allow_entry":false}},
        "phases":[{"conditions":["candle.vol > avg * 2"]}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    h.line(R"json({"type":"REGIME","timestamp":1704685400,"symbol":"N","regime":"BEARISH"})json");
    std::vector<std::string> lines;
    for (int i = 0; i < 20; ++i)
        lines.push_back(candle("N", kT0 + 60 * i, 10, 11, 9, 10, 100));
    CHECK(h.decisions(lines).empty());
    h.line(R"json({"type":"REGIME","timestamp":1704686700,"symbol":"N","regime":"BULLISH"})json");
    CHECK(h.decisions({candle("N", kT0 + 60 * 20, 10, 11, 9, 10, 201)}).size() == 1);
}

TEST_CASE("nothing sets up during warm-up") {
    const std::string s = R"json({"pattern_id":"W","phases":[{"conditions":["candle.range > atr * 0.5"]}],
        "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    std::vector<std::string> lines;
    // The first candle has no true range: 15 candles give the 14 that atr needs, so atr is first
    // defined when the 16th is judged.
    for (int i = 0; i < 15; ++i)
        lines.push_back(candle("N", kT0 + 60 * i, 10, 12, 9, 10));
    CHECK(h.decisions(lines).empty());
    CHECK(h.decisions({candle("N", kT0 + 60 * 15, 10, 12, 9, 10)}).size() == 1);
}

TEST_CASE("lines from one candle come out in pattern_id order") {
    auto any = [](const char* id) {
        return std::string(R"json({"pattern_id":")json") + id +
               R"(","phases":[{"conditions":[]}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})";
    };
    Harness h({any("ZED"), any("ALPHA"), any("MID")});
    auto d = h.decisions({candle("N", kT0, 10, 11, 9, 10.5)});
    REQUIRE(d.size() == 3);
    CHECK(d[0]["pattern_id"] == "ALPHA");
    CHECK(d[1]["pattern_id"] == "MID");
    CHECK(d[2]["pattern_id"] == "ZED");
}

TEST_CASE("other timeframes symbols and partial bars are not judged") {
    Harness h({two_phase()});
    CHECK(h.decisions({up(0), candle("XA", kT0 + 60, 102.5, 105, 102, 104, 1000, "5m"),
                       candle("YB", kT0 + 60, 102.5, 105, 102, 104)})
              .empty());
    CHECK(
        h.decisions(
             {R"json({"type":"CANDLE","timestamp":1704685560,"symbol":"XA","tf":"1m","o":102.5,"h":105,"l":102,"c":104,"v":1,"partial":true})json"})
            .empty());
    CHECK(h.decisions({breakout(2, 103)}).size() == 1);  // still waiting for B: the partial bar was not taken
}

TEST_CASE("sentiment merges field by field per underlying and market-wide updates reach every underlying") {
    const std::string s =
        R"json({"pattern_id":"M","phases":[{"conditions":["sentiment.pcr < 1","sentiment.vix > 10"],
        "capture":{"pcr":"sentiment.pcr","vix":"sentiment.vix"}}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"vix":14})json");  // market-wide
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685401,"symbol":"NIFTY","pcr":0.8})json");
    // An option takes its underlying's state; BANKNIFTY, first seen later, starts from the market-wide one.
    auto d = h.decisions(
        {candle("NIFTY28NOV2424000CE", kT0, 10, 11, 9, 10.5), candle("BANKNIFTY", kT0, 10, 11, 9, 10.5)});
    REQUIRE(d.size() == 1);
    CHECK(d[0]["symbol"] == "NIFTY28NOV2424000CE");
    CHECK(d[0]["vars"] == Json::parse(R"json({"pcr":0.8,"vix":14})json"));
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685402,"pcr":0.5})json");
    d = h.decisions(
        {candle("BANKNIFTY", kT0 + 60, 10, 11, 9, 10.5), candle("NIFTY", kT0 + 60, 10, 11, 9, 10.5)});
    REQUIRE(d.size() == 2);
    CHECK(d[1]["vars"]["pcr"] == 0.5);
}

TEST_CASE("a REGIME line outranks the regime field of sentiment updates") {
    const std::string s =
        R"json({"pattern_id":"R","phases":[{"conditions":[]}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    h.line(
        R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"symbol":"N","pcr":1,"regime":"SIDEWAYS"})json");
    CHECK(h.decisions({candle("N", kT0, 10, 11, 9, 10.5)})[0]["regime"] == "SIDEWAYS");
    h.line(R"json({"type":"REGIME","timestamp":1704685555,"symbol":"N","regime":"BULLISH"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685556,"symbol":"N","regime":"BEARISH"})json");
    CHECK(h.decisions({candle("N", kT0 + 60, 10, 11, 9, 10.5)})[0]["regime"] == "BULLISH");
    // Sentiment without a regime field (here a MARKET_UPDATE's) leaves the REGIME line's regime.
    auto m = h.line(
        R"json({"type":"MARKET_UPDATE","symbol":"N","timestamp":1704685620,"data":{"candle":{"o":10,"h":11,"l":9,"c":10.5,"v":1},"sentiment":{"pcr":0.7}}})json");
    REQUIRE(m.size() == 1);
    CHECK(m[0]["regime"] == "BULLISH");
}

TEST_CASE("a sentiment's regime counts for each underlying until that underlying's first REGIME line") {
    const std::string s =
        R"json({"pattern_id":"R","phases":[{"conditions":[]}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    Harness h({s});
    auto regimes = [&](long t) {
        auto d = h.decisions({candle("A", t, 10, 11, 9, 10.5), candle("B", t, 10, 11, 9, 10.5)});
        REQUIRE(d.size() == 2);
        return std::pair{d[0]["regime"], d[1]["regime"]};
    };
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"symbol":"A","regime":"SIDEWAYS"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"symbol":"B","regime":"SIDEWAYS"})json");
    CHECK(regimes(kT0) == std::pair{Json("SIDEWAYS"), Json("SIDEWAYS")});
    // A's REGIME line ends A's sentiment regimes; B has had none, so its sentiment still counts.
    h.line(R"json({"type":"REGIME","timestamp":1704685555,"symbol":"A","regime":"BULLISH"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685556,"symbol":"A","regime":"BEARISH"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685556,"symbol":"B","regime":"BEARISH"})json");
    CHECK(regimes(kT0 + 60) == std::pair{Json("BULLISH"), Json("BEARISH")});
    // A market-wide REGIME line decides for every underlying, those seen later included.
    h.line(R"json({"type":"REGIME","timestamp":1704685615,"regime":"COMPLETE_BEARISH"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685616,"regime":"SIDEWAYS"})json");
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685616,"symbol":"C","regime":"SIDEWAYS"})json");
    CHECK(regimes(kT0 + 120) == std::pair{Json("COMPLETE_BEARISH"), Json("COMPLETE_BEARISH")});
    auto c = h.decisions({candle("C", kT0 + 120, 10, 11, 9, 10.5)});
    REQUIRE(c.size() == 1);
    CHECK(c[0]["regime"] == "COMPLETE_BEARISH");
}

TEST_CASE("an options strategy fires with its structure's legs and waits out its cooldown") {
    const std::string s =
        R"json({"pattern_id":"STRANGLE","kind":"options","structure":"SHORT_STRANGLE","underlying":"NIFTY",
        "conditions":["sentiment.iv_rank >= 65"],"cooldown_bars":2,"regime_config":{"SIDEWAYS":{"quantity_mod":0.5}}})json";
    Harness h({s});
    h.line(R"json({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"symbol":"NIFTY","iv_rank":70})json");
    h.line(R"json({"type":"REGIME","timestamp":1704685401,"symbol":"NIFTY","regime":"SIDEWAYS"})json");
    std::vector<int> fired;
    for (int i = 0; i < 7; ++i)
        for (auto& d : h.decisions({candle("NIFTY", kT0 + 60 * i, 10, 11, 9, 10.5)})) {
            fired.push_back(i);
            CHECK(d["kind"] == "options");
            CHECK(d["side"] == "SELL");
            CHECK(d["structure"] == "SHORT_STRANGLE");
            CHECK(d["quantity_mod"] == 0.5);
            CHECK(d["entry"].is_null());
            CHECK(d["legs"] ==
                  Json::parse(R"json([{"action":"SELL","option_type":"CE","offset":"OTM1","expiry_offset":0},
                                               {"action":"SELL","option_type":"PE","offset":"OTM1","expiry_offset":0}])json"));
        }
    CHECK(fired == std::vector<int>{0, 3, 6});
    CHECK(h.decisions({candle("NIFTY28NOV2424000CE", kT0 + 600, 10, 11, 9, 10.5)}).empty());
}

TEST_CASE("explain writes a TRACE for each transition timeout veto reset gate and trigger") {
    const std::string s = R"json({"pattern_id":"TWO","symbols":["X*"],"gates":["candle.vol > 0"],
        "regime_config":{"BEARISH":{"allow_entry":false}},
        "phases":[{"id":"A","conditions":["candle.close > candle.open"],"capture":{"hi":"candle.high"}},
                  {"id":"B","conditions":["candle.close > var.hi"],"timeout":1}],
        "execution":{"entry":"var.hi","sl":"var.hi - 3","tp":"entry + risk"}})json";
    Harness h({s}, {"TWO@XA"});
    auto out = h.run({up(0), flat(1), flat(2)});  // PHASE A, then TIMEOUT on the second flat
    REQUIRE(out.size() == 2);
    CHECK(out[0]["type"] == "TRACE");
    CHECK(out[0]["event"] == "PHASE");
    CHECK(out[0]["from"] == 0);
    CHECK(out[0]["to"] == 1);
    CHECK(out[0]["phase"] == "A");
    CHECK(out[0]["values"] == Json::parse(R"json({"candle.close":101,"candle.open":100,"var.hi":102})json"));
    CHECK(out[1]["event"] == "TIMEOUT");
    CHECK(out[1]["values"] == Json::parse(R"json({"waited":2,"timeout":1})json"));
    out = h.run({up(3), breakout(4, 103)});
    std::vector<std::string> events;
    for (auto& j : out)
        events.push_back(j["type"] == "TRACE" ? j["event"].get<std::string>() : j["type"].get<std::string>());
    CHECK(events == std::vector<std::string>{"PHASE", "PHASE", "GATE", "TRIGGER", "SIGNAL"});
    CHECK(out[2]["result"] == "true");
    CHECK(out[3]["values"]["entry"] == 102);
    out =
        h.run({up(5), R"json({"type":"REGIME","timestamp":1704685850,"symbol":"XA","regime":"BEARISH"})json",
               flat(6)});
    CHECK(out.back()["event"] == "VETO");
    CHECK(out.back()["detail"] == "regime BEARISH does not allow entry");
    out = h.run({candle("XA", kT0 + 86400, 100, 101, 99, 100)});
    REQUIRE(out.size() == 2);
    CHECK(out[0]["event"] == "RESET");
    CHECK(out[0]["detail"] == "new session 2024-01-09 (the last candle was on 2024-01-08)");
    CHECK(out[1]["event"] == "VETO");
    Harness quiet({s}, {"TWO@YB"});
    CHECK(quiet.run({up(0)}).empty());  // only the symbols asked for are explained
}
