// The compiled program: values, undefined propagation, Kleene logic, constant folding and the
// indicator call sites it declares.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "expr/compiler.hpp"
#include "expr/condition.hpp"
#include "vocab/regime.hpp"

using namespace sos::expr;
namespace vocab = sos::vocab;

namespace {

struct Fixture {
    Program p;
    VarTable vt;
    std::vector<double> frame;
    Fixture() {
        vt.phase_places = {"phases[0]"};
        vt.add("x", 0);
    }
    Compiled compile(std::string_view text, Type want = Type::Bool) {
        Compiler c(p, static_cast<int>(vt.names.size()));
        Scope s;
        s.want = want;
        s.vars = &vt;
        s.params = s.entry = s.sl = s.risk = want == Type::Number;
        auto r = c.compile(text, s);
        if (auto* e = std::get_if<ExprError>(&r)) FAIL(e->message);
        if (frame.size() < static_cast<std::size_t>(p.frame_size()))
            frame.resize(static_cast<std::size_t>(p.frame_size()), kUndefined);
        return std::get<Compiled>(r);
    }
    double& at(Slot s) { return frame[s]; }
    // Both evaluators, each on its own copy of the frame: every case here holds for both.
    double run(const Compiled& c) {
        std::vector<double> copy = frame;
        const double inlined = evaluate_inline(p, c.ref, copy.data());
        const double v = evaluate(p, c.ref, frame.data());
        CHECK((std::isnan(v) ? std::isnan(inlined) : v == inlined));
        // A condition with the fast form holds exactly when the interpreter says true.
        const FastCondition fast = fast_condition(p, c.ref);
        if (fast.usable) CHECK(fast.holds(frame.data()) == (v == 1.0));
        return v;
    }
};

bool undef(double v) {
    return std::isnan(v);
}

}  // namespace

TEST_CASE("arithmetic and comparisons on candle slots") {
    Fixture f;
    auto c = f.compile("candle.range > atr * 1.2", Type::Bool);
    f.at(slots::kCandle + kRange) = 13;
    f.at(f.p.sites[0].out) = 10;
    CHECK(f.run(c) == 1);
    f.at(slots::kCandle + kRange) = 12;
    CHECK(f.run(c) == 0);
    auto n = f.compile("(candle.high - candle.low) / 2 + -candle.close * 3 - 1", Type::Number);
    f.at(slots::kCandle + kHigh) = 10;
    f.at(slots::kCandle + kLow) = 4;
    f.at(slots::kCandle + kClose) = 2;
    CHECK(f.run(n) == 3 - 6 - 1);
}

TEST_CASE("constants on the left and constant subexpressions fold") {
    Fixture f;
    auto c = f.compile("100 - candle.close", Type::Number);
    f.at(slots::kCandle + kClose) = 30;
    CHECK(f.run(c) == 70);
    auto d = f.compile("60 / candle.close", Type::Number);
    CHECK(f.run(d) == 2);
    auto g = f.compile("5 > candle.close", Type::Bool);
    CHECK(f.run(g) == 0);
    auto k = f.compile("2 * 3 + 1", Type::Number);
    CHECK(f.p.code.size() - k.ref.begin == 1);  // one Const instruction
    CHECK(f.run(k) == 7);
    auto leaf = f.compile("candle.close", Type::Number);
    CHECK(leaf.ref.begin == leaf.ref.end);  // a bare name needs no instruction
    CHECK(f.run(leaf) == 30);
}

TEST_CASE("undefined values propagate and division by zero is undefined") {
    Fixture f;
    auto c = f.compile("sentiment.pcr * 2 + 1", Type::Number);
    CHECK(undef(f.run(c)));
    auto d = f.compile("candle.close / candle.volume", Type::Number);
    f.at(slots::kCandle + kClose) = 5;
    f.at(slots::kCandle + kVolume) = 0;
    CHECK(undef(f.run(d)));
    // A divisor written as zero is refused at load (the checker's tests); one that comes to
    // zero at run time gives no value.
    auto e = f.compile("1 / (candle.close - candle.close) + candle.close", Type::Number);
    CHECK(undef(f.run(e)));
    auto r = f.compile("10 / (candle.close - 5)", Type::Number);
    CHECK(undef(f.run(r)));
    auto m = f.compile("min(candle.close, sentiment.vix) + abs(sentiment.vix)", Type::Number);
    CHECK(undef(f.run(m)));
}

TEST_CASE("logic is three-valued and undefined is never true") {
    Fixture f;
    // sentiment.pcr is undefined in the fresh frame; candle.close is 1.
    f.compile("candle.close > 0");
    f.at(slots::kCandle + kClose) = 1;
    struct Case {
        const char* text;
        double want;  // NaN: undefined
    } cases[] = {
        {"sentiment.pcr > 1", kUndefined},
        {"not sentiment.pcr > 1", kUndefined},
        {"candle.close < 0 and sentiment.pcr > 1", 0},
        {"sentiment.pcr > 1 and candle.close < 0", 0},
        {"candle.close > 0 and sentiment.pcr > 1", kUndefined},
        {"candle.close > 0 or sentiment.pcr > 1", 1},
        {"sentiment.pcr > 1 or candle.close > 0", 1},
        {"candle.close < 0 or sentiment.pcr > 1", kUndefined},
        {"sentiment.pcr == sentiment.pcr", kUndefined},
        {"sentiment.pcr != 1", kUndefined},
        {"regime == \"SIDEWAYS\"", kUndefined},
        {"not regime == \"SIDEWAYS\"", kUndefined},
        {"candle.close > 0 and not candle.close > 2", 1},
    };
    for (const auto& c : cases) {
        auto comp = f.compile(c.text);
        f.at(slots::kCandle + kClose) = 1;
        INFO(c.text);
        const double v = f.run(comp);
        if (std::isnan(c.want))
            CHECK(undef(v));
        else
            CHECK(v == c.want);
        CHECK(holds(v) == (c.want == 1));
    }
}

TEST_CASE("regime compares by name") {
    Fixture f;
    auto c = f.compile("regime == \"SIDEWAYS\" or regime == 'BEARISH'");
    f.at(slots::kRegime) = vocab::index(*vocab::parse<vocab::Regime>("SIDEWAYS"));
    CHECK(f.run(c) == 1);
    f.at(slots::kRegime) = vocab::index(*vocab::parse<vocab::Regime>("BEARISH"));
    CHECK(f.run(c) == 1);
    f.at(slots::kRegime) = vocab::index(*vocab::parse<vocab::Regime>("BULLISH"));
    CHECK(f.run(c) == 0);
}

TEST_CASE("each indicator call site is its own site with its own slot and input") {
    Fixture f;
    auto c =
        f.compile("atr > 0 and atr(14) > 0 and sma(atr, 5) > avg and highest(candle.high - 1, 3) > vwap");
    REQUIRE(f.p.sites.size() == 7);
    CHECK(f.p.sites[0].text == "atr");
    CHECK(f.p.sites[1].text == "atr(14)");
    CHECK(f.p.sites[2].text == "atr");  // the one inside sma(atr, 5)
    CHECK(f.p.sites[3].text == "sma(atr, 5)");
    CHECK(f.p.sites[3].kind == IndicatorKind::Sma);
    CHECK(f.p.sites[3].period == 5);
    CHECK(f.p.sites[3].input.result == f.p.sites[2].out);
    CHECK(f.p.sites[4].text == "avg");
    CHECK(f.p.sites[4].input.result == slots::kCandle + kVolume);
    CHECK(f.p.sites[5].text == "highest(candle.high - 1, 3)");
    f.at(slots::kCandle + kHigh) = 10;
    CHECK(evaluate(f.p, f.p.sites[5].input, f.frame.data()) == 9);
    CHECK(f.p.sites[6].kind == IndicatorKind::Vwap);
    for (std::size_t i = 0; i < f.p.sites.size(); ++i)
        CHECK(f.p.sites[i].out == slots::kCommon + 1 + static_cast<int>(i));  // after the one variable
    std::vector<std::string> names;
    for (const auto& l : c.leaves)
        names.push_back(l.name);
    CHECK(names == std::vector<std::string>{"atr", "atr(14)", "sma(atr, 5)", "avg",
                                            "highest(candle.high - 1, 3)", "vwap"});
}

TEST_CASE("variables and execution names read their slots") {
    Fixture f;
    auto c = f.compile("entry - (risk * tp_mult) + var.x - sl + quantity_mod * sl_tightness", Type::Number);
    f.at(slots::kEntry) = 100;
    f.at(slots::kRisk) = 5;
    f.at(slots::kTpMult) = 2;
    f.at(f.p.var_slot(0)) = 1;
    f.at(slots::kSl) = 0.5;
    f.at(slots::kQuantityMod) = 3;
    f.at(slots::kSlTightness) = 0.5;
    CHECK(f.run(c) == 100 - 10 + 1 - 0.5 + 1.5);
}

TEST_CASE("conditions of one comparison of simple terms take the fast form, and agree") {
    Fixture f;
    const double nan = kUndefined;
    struct Case {
        const char* text;
        bool usable;
    };
    // Shapes the form covers, and shapes it leaves to the interpreter.
    for (const Case& k : {
             Case{"candle.range > atr * 1.2", true},
             Case{"candle.close < var.x", true},
             Case{"sentiment.pcr_velocity < 0", true},
             Case{"1.25 <= sentiment.iv / sentiment.hv", true},
             Case{"candle.close - candle.open >= candle.high - candle.low", true},
             Case{"2 / candle.volume == 0.5", true},
             Case{"candle.close < vwap - atr * 1.5", false},
             Case{"candle.low <= (var.x + candle.high) / 2", false},
             Case{"candle.close - candle.open > (var.x - candle.low) * 0.5", false},
             Case{"4 - candle.close / candle.open < 2", false},
             Case{"candle.close > 0 and candle.open > 0", false},
             Case{"sentiment.iv >= 1 and sentiment.iv <= 4 and candle.close > var.x", false},
             Case{"regime == \"SIDEWAYS\" or regime == \"BULLISH\" or candle.close < 1", false},
             Case{"candle.close > 0 and candle.open > 0 and candle.high > 0 and candle.low > 0", false},
             Case{"candle.close != candle.open", false},
             Case{"candle.close > 0 and candle.open > 0 or candle.low > 0", false},
             Case{"candle.close > 0 or candle.open > 0 and candle.low > 0", false},
             Case{"(candle.close - candle.open) * (candle.high - candle.low) > 1", false},
             Case{"candle.close + candle.open + candle.high + candle.low > 1", false},
             Case{"candle.close > 0 and 1 > 0", false},
             Case{"candle.close > 0 and candle.open > 0 and candle.high > 0 and candle.low > 0 and "
                  "candle.volume > 0",
                  false},
             Case{"not (candle.close > 0)", false},
             Case{"abs(candle.close) > 1", false},
         }) {
        INFO(k.text);
        auto c = f.compile(k.text);
        CHECK(fast_condition(f.p, c.ref).usable == k.usable);
        // Defined, undefined, zero and negative operands in many mixes: run() requires the fast
        // answer to be the interpreter's wherever the form applies.
        const std::vector<Slot> inputs = {Slot(slots::kCandle + kClose),
                                          Slot(slots::kCandle + kOpen),
                                          Slot(slots::kCandle + kHigh),
                                          Slot(slots::kCandle + kLow),
                                          Slot(slots::kCandle + kRange),
                                          Slot(slots::kCandle + kVolume),
                                          Slot(slots::kSentiment + kIv),
                                          Slot(slots::kSentiment + kHv),
                                          Slot(slots::kRegime),
                                          Slot(slots::kSentiment + kPcrVelocity),
                                          f.p.var_slot(0)};
        const double values[] = {0.0, 1.0, 4.0, nan, 2.5, -1.0, 3.0, 5.0};
        std::uint32_t seed = 12345;
        for (int trial = 0; trial < 400; ++trial) {
            auto pick = [&] {
                seed = seed * 1664525u + 1013904223u;
                return values[(seed >> 16) % 8];
            };
            for (Slot s : inputs)
                f.at(s) = trial < 8 ? values[trial] : pick();
            for (const auto& site : f.p.sites)
                f.at(site.out) = trial < 8 ? values[trial] : pick();
            f.run(c);
        }
    }
}
