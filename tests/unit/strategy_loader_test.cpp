// Loading strategy files: both seed spellings, defaults, the options kind, and every error the
// loader gives, each naming the file and the place.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "strategy/loader.hpp"
#include "strategy/playbook.hpp"
#include "strategy_harness.hpp"

using namespace sos::strategy;

namespace {

// The seed's BRF_REVERSAL_SHORT.json as the seed text gives it.
const char* kSeedBrf = R"json({
  "pattern_id": "BRF_SHORT",
  "regime_config": {
    "COMPLETE_BULLISH": { "allow_entry": false },
    "SIDEWAYS": { "tp_mult": 1.0, "quantity_mod": 0.5 },
    "BEARISH": { "tp_mult": 2.5, "quantity_mod": 1.0 }
  },
  "phases": [
    { "id": "SETUP", "conditions": ["candle.range > atr * 1.2"],
      "capture": { "mother_h": "candle.high", "mother_l": "candle.low" } },
    { "id": "VALIDATION", "conditions": ["candle.close < var.mother_l"], "timeout": 5 },
    { "id": "TRIGGER", "conditions": ["candle.high > var.mother_l", "candle.body < candle.range * 0.2",
                                      "sentiment.pcr_velocity < 0"] }
  ],
  "execution": { "entry": "var.mother_l - 0.1", "sl": "var.mother_h", "tp": "entry - (risk * tp_mult)" }
})json";

// The errors for a file of this text.
std::vector<std::string> errors(const std::string& text) {
    return load_strategy("s.json", text).errors;
}

// The single error of a minimal pattern strategy with `extra` keys added at the top level (or
// the phases/execution replaced when given).
std::string error_with(
    const std::string& extra, const std::string& phases = R"("phases":[{"conditions":["close > 1"]}])",
    const std::string& execution = R"("execution":{"entry":"close","sl":"low","tp":"high"})") {
    std::string text =
        R"({"pattern_id":"P",)" + phases + "," + execution + (extra.empty() ? "" : "," + extra) + "}";
    auto e = errors(text);
    if (e.size() != 1) {
        std::string all;
        for (const auto& x : e)
            all += x + " | ";
        return "expected one error, got " + std::to_string(e.size()) + ": " + all;
    }
    return e[0];
}

}  // namespace

TEST_CASE("the seed BRF short loads unchanged with its defaults") {
    auto r = load_strategy("brf.json", kSeedBrf);
    REQUIRE(r.errors.empty());
    const Strategy& s = *r.strategy;
    CHECK(s.pattern_id == "BRF_SHORT");
    CHECK(s.kind == Kind::Pattern);
    CHECK_FALSE(s.side);
    CHECK(s.tf == sos::time::kOneMinute);
    CHECK(s.symbols.empty());
    CHECK(s.params.tp_mult == 2.0);
    CHECK(s.params.quantity_mod == 1.0);
    CHECK(s.params.sl_tightness == 0.0);
    REQUIRE(s.phases.size() == 3);
    CHECK(s.phases[1].timeout == 5);
    CHECK(s.phases[2].conditions.size() == 3);
    CHECK(s.vars.names == std::vector<std::string>{"mother_h", "mother_l"});
    CHECK_FALSE(s.allows_entry(sos::vocab::parse<sos::vocab::Regime>("COMPLETE_BULLISH")));
    CHECK(s.allows_entry(sos::vocab::parse<sos::vocab::Regime>("BULLISH")));
    CHECK(s.allows_entry(std::nullopt));
    const Params side = s.effective(sos::vocab::parse<sos::vocab::Regime>("SIDEWAYS"));
    CHECK(side.tp_mult == 1.0);
    CHECK(side.quantity_mod == 0.5);
    CHECK(side.sl_tightness == 0.0);
    CHECK(s.effective(std::nullopt).tp_mult == 2.0);
    CHECK(s.wants("NIFTY"));
}

TEST_CASE("the seed's other spelling loads: states, step, regime_overrides, tp_multiplier, quantity_scale") {
    auto r = load_strategy("ex.json", R"({
      "pattern_id": "EXAMPLE_PATTERN",
      "regime_overrides": {
        "COMPLETE_BULLISH": { "tp_multiplier": 3.0, "sl_tightness": 0.05 },
        "SIDEWAYS": { "tp_multiplier": 1.0, "sl_tightness": 0.2, "quantity_scale": 0.5 }
      },
      "states": [
        { "step": 1, "conditions": ["candle.vol > avg * 2"], "capture": {"anchor": "high"} },
        { "step": 2, "conditions": ["candle.close < var.anchor"], "timeout": 5 }
      ],
      "execution": { "entry": "var.anchor", "sl": "var.anchor + 5", "tp": "entry - risk * tp_mult" }
    })");
    REQUIRE(r.errors.empty());
    const Strategy& s = *r.strategy;
    CHECK(s.phases[0].id == "1");
    CHECK(s.phases[1].id == "2");
    const Params p = s.effective(sos::vocab::parse<sos::vocab::Regime>("SIDEWAYS"));
    CHECK(p.tp_mult == 1.0);
    CHECK(p.sl_tightness == 0.2);
    CHECK(p.quantity_mod == 0.5);
}

TEST_CASE("a comment change keeps the fingerprint and a meaning change does not") {
    auto a =
        load_strategy("a.json", R"({"pattern_id":"P","comment":"one","phases":[{"conditions":["close > 1"]}],
        "execution":{"entry":"close","sl":"low","tp":"high"}})");
    auto b = load_strategy(
        "a.json", R"({"pattern_id":"P","comment":"two","phases":[{"conditions":["close > 1"],"comment":"x"}],
        "execution":{"entry":"close","sl":"low","tp":"high"}})");
    auto c = load_strategy("a.json", R"({"pattern_id":"P","phases":[{"conditions":["close > 2"]}],
        "execution":{"entry":"close","sl":"low","tp":"high"}})");
    CHECK(a.strategy->fingerprint == b.strategy->fingerprint);
    CHECK(a.strategy->fingerprint != c.strategy->fingerprint);
}

TEST_CASE("the options kind loads with the structure's default legs") {
    auto r = load_strategy("o.json", R"({
      "pattern_id": "IV_CRUSH_STRANGLE", "kind": "options", "structure": "SHORT_STRANGLE", "underlying": "NIFTY",
      "conditions": ["sentiment.iv_rank >= 65", "sentiment.iv / sentiment.hv >= 1.35", "regime == \"SIDEWAYS\""],
      "expiry_offset": 1, "cooldown_bars": 30 })");
    REQUIRE(r.errors.empty());
    const Strategy& s = *r.strategy;
    CHECK(s.kind == Kind::Options);
    CHECK(s.side == sos::vocab::Side::Sell);
    CHECK(s.cooldown_bars == 30);
    REQUIRE(s.legs.size() == 2);
    CHECK(s.legs[0].action == sos::vocab::Side::Sell);
    CHECK(s.legs[0].option_type == sos::vocab::OptionRight::Call);
    CHECK(s.legs[0].offset == "OTM1");
    CHECK(s.legs[0].expiry_offset == 1);
    CHECK(s.wants("NIFTY"));
    CHECK_FALSE(s.wants("BANKNIFTY"));
    CHECK_FALSE(s.wants("NIFTY28NOV2424000CE"));
    auto own = load_strategy("o.json", R"({"pattern_id":"IC","kind":"options","structure":"IRON_CONDOR",
      "conditions":[], "legs":[{"action":"BUY","option_type":"PE","offset":"OTM3"},{"action":"SELL","option_type":"PE","offset":"OTM1","expiry_offset":2}]})");
    REQUIRE(own.errors.empty());
    CHECK(own.strategy->legs.size() == 2);
    CHECK(own.strategy->legs[1].expiry_offset == 2);
    CHECK(own.strategy->wants("RELIANCE"));  // no underlying given: every symbol that is its own underlying
}

TEST_CASE("every loader error names the file and the place") {
    CHECK(errors("{")[0].rfind("s.json: not valid JSON: line 1, column 2: ", 0) == 0);
    CHECK(errors("[1]")[0] == "s.json: a strategy file holds one JSON object");
    CHECK(error_with(R"("kind":"pattern","kind":"pattern")") ==
          "s.json: the key 'kind' is given twice in one object");
    CHECK(error_with(R"("sidee":"BUY")") == "s.json: unknown key 'sidee': did you mean 'side'?");
    CHECK(error_with(R"("zzzzzz":1)") == "s.json: unknown key 'zzzzzz'");
    CHECK(error_with(R"("kind":"momentum")") == "s.json: kind: 'momentum' is not a kind: pattern or options");
    CHECK(error_with(R"("side":"LONG")") == "s.json: side: 'LONG' is not a side: BUY or SELL");
    CHECK(error_with(R"("side":1)") == "s.json: side: must be a string, not a number");
    CHECK(error_with(R"("timeframe":"7x")") ==
          "s.json: timeframe: '7x' is not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)");
    CHECK(error_with(R"("symbols":"NIFTY")") == "s.json: symbols: must be a list, not a string");
    CHECK(error_with(R"("symbols":[""])") == "s.json: symbols[0]: an empty symbol matches nothing");
    CHECK(error_with(R"("params":[])") == "s.json: params: must be an object, not a list");
    CHECK(error_with(R"("params":{"tp_mult":-1})") == "s.json: params.tp_mult: must not be negative");
    CHECK(error_with(R"("params":{"quantity_scale":-1})") ==
          "s.json: params.quantity_scale: must not be negative");
    CHECK(error_with(R"("params":{"sl_tightness":1.5})") ==
          "s.json: params.sl_tightness: must lie in [0, 1]");
    CHECK(error_with(R"("params":{"tp_mult":"2"})") ==
          "s.json: params.tp_mult: must be a number, not a string");
    CHECK(error_with(R"("params":{"tp_mult":2,"tp_multiplier":2})") ==
          "s.json: params: 'tp_mult' and 'tp_multiplier' are two spellings of one key: give one");
    CHECK(error_with(R"("params":{"buffer_atr":1})") == "s.json: params: unknown key 'buffer_atr'");
    CHECK(error_with(R"("regime_config":{"SIDEWAYZ":{}})") ==
          "s.json: regime_config: unknown regime 'SIDEWAYZ': did you mean 'SIDEWAYS'?");
    CHECK(error_with(R"("regime_config":{"UP":{}})") ==
          "s.json: regime_config: unknown regime 'UP'; the regimes are COMPLETE_BEARISH, BEARISH, "
          "SIDEWAYS_BEARISH, "
          "SIDEWAYS, SIDEWAYS_BULLISH, BULLISH, COMPLETE_BULLISH");
    CHECK(error_with(R"("regime_overrides":{"SIDEWAYS":{"allow_entry":"no"}})") ==
          "s.json: regime_overrides.SIDEWAYS.allow_entry: must be true or false, not a string");
    CHECK(error_with(R"("regime_config":{"SIDEWAYS":{"allow":false}})") ==
          "s.json: regime_config.SIDEWAYS: unknown key 'allow'");
    CHECK(error_with(R"("regime_config":{},"regime_overrides":{})") ==
          "s.json: 'regime_config' and 'regime_overrides' are two spellings of one key: give one");
    CHECK(error_with(R"("gates":"pcr < 1")") == "s.json: gates: must be a list, not a string");
    CHECK(error_with(R"("gates":[3])") ==
          "s.json: gates[0]: must be an expression in a string, not a number");
    CHECK(error_with(R"("gates":["sentiment.pcr <"])") ==
          "s.json: gates[0]: column 16: expected a value, found the end of the expression\n"
          "    sentiment.pcr <\n"
          "                   ^");
    CHECK(error_with("", R"("phases":[])") ==
          "s.json: phases: the phase list is empty: a strategy needs at least one phase");
    CHECK(error_with("", R"("states":{})") == "s.json: states: must be a list, not an object");
    CHECK(error_with("", R"("phases":[{"conditions":["close > 1"]}],"states":[])") ==
          "s.json: 'phases' and 'states' are two spellings of one key: give one");
    CHECK(error_with("", R"("phases":[7])") == "s.json: phases[0]: must be an object, not a number");
    CHECK(error_with("", R"("phases":[{"conditions":["close > 1"],"timeout":3}])") ==
          "s.json: phases[0].timeout: a timeout on the first phase is not allowed: it waits for its setup as "
          "long as "
          "it takes");
    CHECK(error_with("", R"("phases":[{"conditions":[]},{"conditions":[],"timeout":0}])") ==
          "s.json: phases[1].timeout: must be a whole number, at least 1");
    CHECK(error_with("", R"("phases":[{"conditions":[]},{"conditions":[],"timeout":2.5}])") ==
          "s.json: phases[1].timeout: must be a whole number, at least 1");
    CHECK(error_with("", R"("phases":[{"conditions":[],"capture":{"a b":"close"}}])") ==
          "s.json: phases[0].capture: 'a b' is not a name: use letters, digits and _");
    CHECK(error_with("", R"("phases":[{"conditions":[],"cond":[]}])") ==
          "s.json: phases[0]: unknown key 'cond'");
    CHECK(error_with("", R"("phases":[{"id":1.5,"conditions":[]}])") ==
          "s.json: phases[0].id: must be a string, not a number");
    CHECK(error_with("", R"("phases":[{"conditions":"close > 1"}])") ==
          "s.json: phases[0].conditions: must be a list, not a string");
    CHECK(
        error_with(
            "",
            R"("phases":[{"conditions":[]},{"conditions":["close < var.m"]},{"conditions":[],"capture":{"m":"low"}}])") ==
        "s.json: phases[1].conditions[0]: column 9: 'var.m' is used before any phase captures it (phases[2] "
        "is the "
        "first to)\n"
        "    close < var.m\n"
        "            ^");
    CHECK(error_with("", R"("states":[{"conditions":["clsoe > 1"]}])") ==
          "s.json: states[0].conditions[0]: column 1: unknown name 'clsoe': did you mean 'close'?\n"
          "    clsoe > 1\n"
          "    ^");
    CHECK(error_with("", R"("phases":[{"conditions":[],"capture":{"m":"close > 1"}}])") ==
          "s.json: phases[0].capture.m: column 1: a capture must be a number, but this is a condition (true "
          "or false)\n"
          "    close > 1\n"
          "    ^");
    CHECK(error_with("", R"("phases":[{"conditions":[]}])", R"("execution":{"entry":"close","sl":"low"})") ==
          "s.json: execution: missing 'tp'");
    CHECK(error_with("", R"("phases":[{"conditions":[]}])",
                     R"("execution":{"entry":"sl","sl":"low","tp":"high"})") ==
          "s.json: execution.entry: column 1: 'sl' (the effective stop) can only be used in execution.tp\n"
          "    sl\n"
          "    ^");
    CHECK(error_with("", R"("phases":[{"conditions":[]}])",
                     R"("execution":{"entry":"close","sl":"risk","tp":"high"})") ==
          "s.json: execution.sl: column 1: 'risk' can only be used in execution.tp\n"
          "    risk\n"
          "    ^");
    CHECK(error_with("", R"("phases":[{"conditions":[]}])",
                     R"("execution":{"entry":"close","sl":"low","tp":"high","size":1})") ==
          "s.json: execution: unknown key 'size'");
    CHECK(error_with("", R"("phases":[{"conditions":[]}])", R"("execution":[])") ==
          "s.json: execution: must be an object, not a list");
}

TEST_CASE("missing required keys and several errors in one file are all listed") {
    auto e = errors(R"({"side":"UP","phases":[{"conditions":["foo"]}]})");
    REQUIRE(e.size() == 4);
    CHECK(e[0] == "s.json: missing 'pattern_id'");
    CHECK(e[1] == "s.json: side: 'UP' is not a side: BUY or SELL");
    CHECK(e[2].rfind("s.json: phases[0].conditions[0]: column 1: unknown name 'foo'", 0) == 0);
    CHECK(e[3] == "s.json: missing 'execution': entry, sl and tp are needed");
    auto np = errors(R"({"pattern_id":"P","execution":{"entry":"close","sl":"low","tp":"high"}})");
    REQUIRE(np.size() == 1);
    CHECK(np[0] == "s.json: missing 'phases': a strategy needs at least one phase");
    CHECK(errors(R"({"pattern_id":"a:b","phases":[{}],"execution":{"entry":"close","sl":"low","tp":"high"}})")
              [0] == "s.json: pattern_id: 'a:b' is not a pattern id: 1 to 64 letters, digits, _ - or .");
}

TEST_CASE("every options error") {
    auto one = [](const std::string& body) {
        auto e = errors(R"({"pattern_id":"O","kind":"options",)" + body + "}");
        return e.size() == 1 ? e[0]
                             : "got " + std::to_string(e.size()) + " errors" + (e.empty() ? "" : ": " + e[0]);
    };
    CHECK(one(R"("conditions":[])") == "s.json: missing 'structure' (SHORT_STRANGLE, IRON_CONDOR, ...)");
    CHECK(one(R"("structure":"SHORT_STRANGLE")") == "s.json: missing 'conditions'");
    CHECK(one(R"("structure":"SHORT_STRANGEL","conditions":[])") ==
          "s.json: structure: unknown structure 'SHORT_STRANGEL': did you mean 'SHORT_STRANGLE'?");
    CHECK(one(R"("structure":"BUTTERFLY","conditions":[])") ==
          "s.json: structure: unknown structure 'BUTTERFLY'");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":[],"legs":[])") ==
          "s.json: legs: an empty leg list: give legs or leave the key out for the structure's own");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":[],"legs":[{"option_type":"CE","offset":"ATM"}])") ==
          "s.json: legs[0]: missing 'action'");
    CHECK(
        one(R"("structure":"IRON_CONDOR","conditions":[],"legs":[{"action":"HOLD","option_type":"CE","offset":"ATM"}])") ==
        "s.json: legs[0].action: 'HOLD' is not BUY or SELL");
    CHECK(
        one(R"("structure":"IRON_CONDOR","conditions":[],"legs":[{"action":"BUY","option_type":"FUT","offset":"ATM"}])") ==
        "s.json: legs[0].option_type: 'FUT' is not CE or PE");
    CHECK(
        one(R"("structure":"IRON_CONDOR","conditions":[],"legs":[{"action":"BUY","option_type":"CE","offset":"OTM0"}])") ==
        "s.json: legs[0].offset: 'OTM0' is not an offset (ATM, OTM1, ITM2, ...)");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":[],"expiry_offset":-1)") ==
          "s.json: expiry_offset: must be a whole number from 0 to 12");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":[],"cooldown_bars":-1)") ==
          "s.json: cooldown_bars: must be a whole number, at least 0");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":["var.x > 1"])") ==
          "s.json: conditions[0]: column 1: 'var.x': an options strategy captures nothing\n"
          "    var.x > 1\n"
          "    ^");
    CHECK(one(R"("structure":"IRON_CONDOR","conditions":[],"phases":[])") == "s.json: unknown key 'phases'");
}

TEST_CASE("a folder loads every json file and refuses a duplicate pattern_id") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("sos-loader-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto write = [&](const char* name, const std::string& text) { std::ofstream(dir / name) << text; };
    const std::string p =
        R"({"pattern_id":"P","phases":[{"conditions":[]}],"execution":{"entry":"close","sl":"low","tp":"high"}})";
    write("a.json", p);
    write("b.json", p);
    write("notes.txt", "not a strategy");
    write(".hidden.json", "{");
    auto pb = load_playbook({dir.string(), (dir / "missing").string()});
    CHECK(pb.files.size() == 2);
    CHECK(pb.strategies().size() == 1);
    auto all = pb.all_errors();
    REQUIRE(all.size() == 2);
    CHECK(all[0] == (dir / "missing").string() + ": not a folder of strategies: no such folder");
    CHECK(all[1] ==
          (dir / "b.json").string() + ": pattern_id: 'P' is already defined in " + (dir / "a.json").string());
    fs::remove_all(dir);
}

TEST_CASE("a strategy file nested past the limit is refused at its place, however deep") {
    // 60,000 levels took sos-match down in the comment stripping; any depth past 64 is refused.
    for (int levels : {65, 60000}) {
        const std::string text = R"({"pattern_id":"X","comment":)" +
                                 std::string(static_cast<std::size_t>(levels), '[') +
                                 std::string(static_cast<std::size_t>(levels), ']') + "}";
        auto e = errors(text);
        REQUIRE(e.size() == 1);
        CHECK(e[0].rfind("s.json: line 1, column 92: nested more than 64 levels deep\n", 0) == 0);
    }
    std::string objects = R"({"pattern_id":"X","comment":)";
    for (int i = 0; i < 60000; ++i)
        objects += R"({"a":)";
    CHECK(errors(objects + "1" + std::string(60001, '}'))[0].find("nested more than 64 levels deep") !=
          std::string::npos);
}

TEST_CASE("a JSON syntax error in a strategy file is shown with the line and a caret") {
    auto e = errors("{\n  \"pattern_id\": \"X\",\n  \"phases\": [ , ]\n}\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0] ==
          "s.json: not valid JSON: line 3, column 15: syntax error while parsing value - unexpected ','; "
          "expected '[', '{', or a literal\n"
          "      \"phases\": [ , ]\n"
          "                  ^");
    auto range = errors(R"({"pattern_id":"X","params":{"tp_mult":1e999}})");
    REQUIRE(range.size() == 1);
    CHECK(range[0].rfind("s.json: params.tp_mult: line 1, column 39: the number 1e999 is out of range", 0) ==
          0);
}

TEST_CASE("a division by a literal zero is refused at load, with its place and caret") {
    auto e = error_with("", R"("phases":[{"conditions":["candle.close / 0 > 1"]}])");
    CHECK(e.find("phases[0].conditions[0]: column 16: division by zero") != std::string::npos);
}

TEST_CASE("more captured variables than a strategy's frame holds are refused at load") {
    // 300 captures passed --check and then overran the tracker's frame at the first candle.
    std::string captures;
    for (int i = 0; i < 300; ++i)
        captures += (i ? "," : "") + fmt::format(R"("v{}":"candle.close")", i);
    auto e = error_with("", R"("phases":[{"conditions":["candle.close > 0"],"capture":{)" + captures + "}}]");
    CHECK(e == "s.json: phases: 300 captured variables: at most 256 in one strategy");
    std::string fits;
    for (int i = 0; i < 256; ++i)
        fits += (i ? "," : "") + fmt::format(R"("v{}":"candle.close")", i);
    CHECK(errors(R"({"pattern_id":"P","phases":[{"conditions":["close > 1"],"capture":{)" + fits +
                 R"(}}],"execution":{"entry":"close","sl":"low","tp":"high"}})")
              .empty());
}
