// The checker: every name and function resolves at load time, types are checked, and each
// refusal says what is wrong where.
#include <catch2/catch.hpp>

#include "expr/compiler.hpp"

using namespace sos::expr;

namespace {

VarTable vars() {
    VarTable v;
    v.phase_places = {"phases[0]", "phases[1]", "phases[2]"};
    v.add("mother_h", 0);
    v.add("mother_l", 0);
    v.add("t_l", 2);
    return v;
}

// The message for `text` compiled in `scope`, or "" when it compiles.
std::string msg(std::string_view text, Scope scope = {}) {
    Program p;
    static VarTable vt = vars();
    if (!scope.vars && scope.no_vars_reason == Scope{}.no_vars_reason) scope.vars = &vt;
    Compiler c(p, static_cast<int>(vt.names.size()));
    auto r = c.compile(text, scope);
    if (auto* e = std::get_if<ExprError>(&r)) return e->message;
    return "";
}

int col(std::string_view text, Scope scope = {}) {
    Program p;
    static VarTable vt = vars();
    scope.vars = &vt;
    Compiler c(p, 3);
    auto r = c.compile(text, scope);
    REQUIRE(std::holds_alternative<ExprError>(r));
    return std::get<ExprError>(r).column;
}

Scope exec(bool entry, bool sl, bool risk) {
    Scope s;
    s.want = Type::Number;
    s.what = "execution.tp";
    s.params = true;
    s.entry = entry;
    s.sl = sl;
    s.risk = risk;
    return s;
}

}  // namespace

TEST_CASE("every name of the language resolves") {
    for (auto t :
         {"candle.open > 0", "candle.o + candle.h + candle.l + candle.c + candle.v + candle.vol > 0",
          "candle.range + candle.body + candle.upper_wick + candle.lower_wick + candle.mid > 0",
          "prev.close > prev.high", "open + high + low + close + volume > 0",
          "sentiment.pcr + sentiment.pcr_velocity + sentiment.breadth.adv + sentiment.breadth.dec > 0",
          "sentiment.oi_wall_above + sentiment.oi_wall_below + sentiment.iv + sentiment.iv_rank > 0",
          "sentiment.iv_percentile + sentiment.hv + sentiment.skew + sentiment.term > 0",
          "sentiment.vix + sentiment.max_pain > 0", "regime == \"SIDEWAYS\"", "regime != 'BULLISH'",
          "\"BEARISH\" == regime", "atr + avg + vwap + atr(5) + rsi(14) > 0",
          "sma(candle.close, 5) + ema(close, 3) + highest(high, 10) + lowest(low, 10) > 0",
          "abs(-1) + min(1, 2) + max(1, 2, 3) > 0", "sma(atr, 5) > avg()", "var.mother_h > var.mother_l",
          "vwap() > 0"}) {
        INFO(t);
        CHECK(msg(t) == "");
    }
    CHECK(msg("entry + sl + risk + tp_mult + quantity_mod + sl_tightness", exec(true, true, true)) == "");
}

TEST_CASE("every checker message") {
    CHECK(msg("foo > 1") == "unknown name 'foo'");
    CHECK(msg("clsoe > 1") == "unknown name 'clsoe': did you mean 'close'?");
    CHECK(msg("candle > 1") == "'candle' needs a field, e.g. candle.close");
    CHECK(msg("prev > 1") == "'prev' needs a field, e.g. prev.close");
    CHECK(msg("candle.hgh > 1") == "unknown candle field 'hgh': did you mean 'candle.high'?");
    CHECK(msg("candle.zzzzzzz > 1") ==
          "unknown candle field 'zzzzzzz'; fields are open high low close volume range body upper_wick "
          "lower_wick mid");
    CHECK(msg("candle.high.x > 1") == "unknown name 'candle.high.x'");
    CHECK(msg("sentiment > 1") == "'sentiment' needs a field, e.g. sentiment.pcr");
    CHECK(msg("sentiment.breadth > 1") == "'sentiment.breadth' needs a field: adv or dec");
    CHECK(msg("sentiment.pcrr > 1") == "unknown sentiment field 'pcrr': did you mean 'sentiment.pcr'?");
    CHECK(msg("var > 1") == "'var' needs a captured name, e.g. var.mother_h");
    CHECK(msg("var.mother_x > 1") == "'var.mother_x' is never captured: did you mean 'var.mother_h'?");
    CHECK(msg("var.zzzzzzzzzz > 1") ==
          "'var.zzzzzzzzzz' is never captured; captured names: mother_h, mother_l, t_l");
    Scope phase1;
    phase1.vars_before_phase = 1;
    CHECK(msg("var.t_l > 1", phase1) ==
          "'var.t_l' is used before any phase captures it (phases[2] is the first to)");
    Scope opts;
    opts.no_vars_reason = "options strategies capture nothing";
    CHECK(msg("var.x > 1", opts) == "'var.x': options strategies capture nothing");
    CHECK(msg("sma(var.mother_h, 3) > 1") ==
          "'var.mother_h': an indicator's input cannot use captured variables (indicators never depend on "
          "the state "
          "machine)");
    CHECK(msg("sma(entry, 3) > 1", exec(true, false, false)) ==
          "'entry' can only be used in execution.sl and execution.tp");
    CHECK(msg("tp_mult > 1") == "'tp_mult' can only be used in execution (entry, sl, tp)");
    CHECK(msg("entry > 1") == "'entry' can only be used in execution.sl and execution.tp");
    CHECK(msg("sl > 1") == "'sl' (the effective stop) can only be used in execution.tp");
    CHECK(msg("risk > 1") == "'risk' can only be used in execution.tp");
    CHECK(msg("sma > 1") == "'sma' is a function: call it as sma(x, n)");
    CHECK(msg("rsi > 50") == "'rsi' is a function: call it as rsi(n)");
    CHECK(msg("smma(close, 3) > 1") == "unknown function 'smma': did you mean 'sma'?");
    CHECK(msg("frobnicate(close) > 1") ==
          "unknown function 'frobnicate'; functions are atr sma ema rsi highest lowest vwap avg abs min max");
    CHECK(msg("sma(close) > 1") == "'sma' takes 2 arguments, not 1: sma(x, n)");
    CHECK(msg("atr(1, 2) > 1") == "'atr' takes 0 or 1 arguments, not 2: atr or atr(n)");
    CHECK(msg("abs(1, 2) > 1") == "'abs' takes 1 argument, not 2: abs(x)");
    CHECK(msg("min(1) > 1") == "'min' takes at least 2 arguments, not 1: min(a, b, ...)");
    CHECK(msg("vwap(1) > 1") == "'vwap' takes 0 arguments, not 1: vwap");
    CHECK(msg("sma(close, 2.5) > 1") ==
          "the period of 'sma' must be a whole number from 1 to 10000, written as a number");
    CHECK(msg("atr(0) > 1") ==
          "the period of 'atr' must be a whole number from 1 to 10000, written as a number");
    CHECK(msg("rsi(close) > 1") ==
          "the period of 'rsi' must be a whole number from 1 to 10000, written as a number");
    CHECK(msg("ema(close, 20000) > 1") ==
          "the period of 'ema' must be a whole number from 1 to 10000, written as a number");
    CHECK(msg("sma(close > 1, 3) > 1") ==
          "the input of 'sma' must be a number, but this is a condition (true or false)");
    CHECK(msg("regime == \"SIDEWAYZ\"") == "unknown regime \"SIDEWAYZ\": did you mean \"SIDEWAYS\"?");
    CHECK(msg("regime == \"UP\"") ==
          "unknown regime \"UP\"; the regimes are COMPLETE_BEARISH, BEARISH, SIDEWAYS_BEARISH, SIDEWAYS, "
          "SIDEWAYS_BULLISH, BULLISH, COMPLETE_BULLISH");
    CHECK(
        msg("regime > \"BEARISH\"") ==
        "the regime can only be compared with == or != to a regime name in quotes (regime == \"SIDEWAYS\")");
    CHECK(
        msg("regime == 3") ==
        "the regime can only be compared with == or != to a regime name in quotes (regime == \"SIDEWAYS\")");
    CHECK(msg("close == \"X\"") == "a string can only be compared with the regime (regime == \"SIDEWAYS\")");
    CHECK(msg("close + (high > 1) > 1") == "'+' needs numbers, but this is a condition (true or false)");
    CHECK(msg("close and high > 1") == "'and' joins conditions, but this is a number");
    CHECK(msg("(close > 1) > (high > 1)") ==
          "'>' compares numbers, but this is a condition (true or false): join conditions with and/or");
    CHECK(msg("-(close > 1)") == "'-' needs a number, but its operand is a condition (true or false)");
    CHECK(msg("not close") == "'not' needs a condition, but its operand is a number");
    CHECK(msg("abs(close > 1) > 0") == "'abs' needs numbers, but this is a condition (true or false)");
    CHECK(msg("candle.close") ==
          "a condition must be true or false, but this is a number: compare it (e.g. '... > 0')");
    Scope num;
    num.want = Type::Number;
    num.what = "a capture";
    CHECK(msg("close > 1", num) == "a capture must be a number, but this is a condition (true or false)");
    CHECK(msg("regime", num) == "a capture must be a number, but this is the regime");
}

TEST_CASE("checker errors point at the offending part") {
    CHECK(col("candle.close < var.mother_x") == 19);
    CHECK(col("1 < candle.hgh") == 11);
    CHECK(col("a < b < c") == 6);
    CHECK(col("regime == 'UP'") == 10);
}

TEST_CASE("too many indicator calls are refused") {
    Program p;
    Compiler c(p, 0);
    std::string text = "atr";
    for (int i = 0; i < 300; ++i)
        text += " + atr";
    Scope s;
    s.want = Type::Number;
    auto r = c.compile(text, s);
    REQUIRE(std::holds_alternative<ExprError>(r));
    CHECK(std::get<ExprError>(r).message ==
          "too many captured variables and indicator calls in one strategy (at most 256)");
    CHECK(p.sites.empty());  // a refused expression leaves nothing behind
}

TEST_CASE("format_expr_error draws the caret under the column") {
    ExprError e{15, "unknown name 'var.x'"};
    CHECK(format_expr_error("s.json", "phases[1].conditions[0]", "candle.close < var.x", e) ==
          "s.json: phases[1].conditions[0]: column 16: unknown name 'var.x'\n"
          "    candle.close < var.x\n"
          "                   ^");
}

TEST_CASE("session.minute is the one session field") {
    CHECK(msg("session.minute == 0") == "");
    CHECK(msg("session > 1") == "'session' needs a field: session.minute");
    CHECK(msg("session.hour > 1") == "unknown session field 'hour': the field is minute");
}

TEST_CASE("a divisor written with numbers alone that is always zero is refused where it stands") {
    const std::string why = "division by zero: this divisor is always 0, so the expression never has a value";
    REQUIRE(msg("candle.close / 0 > 1") == why);
    REQUIRE(col("candle.close / 0 > 1") == 15);
    REQUIRE(msg("candle.close / 0.0 > 1") == why);
    REQUIRE(msg("candle.close / -0 > 1") == why);
    REQUIRE(msg("candle.close / (2 - 2) > 1") == why);
    REQUIRE(msg("candle.close / (3 * 0) > 1") == why);
    REQUIRE(msg("candle.close / ((1 / 2) - 0.5) > 1") == why);
    REQUIRE(col("candle.close / (2 - 2) > 1") == 16);
    // Dividing zero, dividing by something read at run time or by a non-zero constant is fine.
    REQUIRE(msg("0 / candle.close > 1") == "");
    REQUIRE(msg("candle.close / (candle.high - candle.low) > 1") == "");
    REQUIRE(msg("candle.close / (2 - 1) > 1") == "");
    REQUIRE(msg("candle.close / 1e-300 > 1") == "");
}

TEST_CASE("a number beyond the range of a double is refused as out of range") {
    REQUIRE(msg("candle.close > 1e400") == "the number '1e400' is out of range");
}
