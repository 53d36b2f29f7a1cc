// A decision is written straight into its line; the contract's form is event::encode's. These
// hold the two byte for byte equal on every branch the writer has.
#include <catch2/catch.hpp>

#include <cmath>

#include "event/encoder.hpp"
#include "strategy/decision.hpp"
#include "strategy_harness.hpp"

namespace {

using namespace sos;

constexpr const char* kPattern = R"({
  "pattern_id": "ZONE",
  "phases": [
    { "id": "SETUP", "conditions": ["candle.range > 0"],
      "capture": { "zone_h": "candle.high", "zone_l": "candle.low" } }
  ],
  "execution": { "entry": "var.zone_l", "sl": "var.zone_h", "tp": "entry - risk * tp_mult",
                 "score": "candle.volume" }
})";

constexpr const char* kOptions = R"({
  "pattern_id": "CONDOR",
  "kind": "options",
  "structure": "IRON_CONDOR",
  "conditions": ["sentiment.iv_rank >= 50"],
  "score": "sentiment.iv_rank",
  "cooldown_bars": 5
})";

strategy::CandleView view(std::string_view symbol, bool hist) {
    strategy::CandleView c;
    c.symbol = symbol;
    c.ts = time::Timestamp::from_seconds(harness::kT0);
    c.tf = time::kOneMinute;
    c.hist = hist;
    return c;
}

std::string written(const strategy::Strategy& s, const strategy::Tracker& t, const strategy::CandleView& c,
                    const strategy::Execution& x, const std::string& reason, const std::string& detail) {
    strategy::Derived out;
    strategy::write_decision(s, t, c, x, reason, detail, c.ts.plus_seconds(60), out);
    REQUIRE(out.size() == 1);
    return out.text();
}

// The same decision as an event, encoded.
event::SignalFields fields(const strategy::Strategy& s, const strategy::CandleView& c,
                           const strategy::Execution& x) {
    event::SignalFields f;
    f.pattern_id = s.pattern_id;
    f.kind = s.kind == strategy::Kind::Options ? "options" : "pattern";
    f.side = x.side;
    f.tf = c.tf;
    f.candle_ts = c.ts;
    auto opt = [](double v) { return std::isnan(v) ? event::OptNum{} : event::OptNum{v}; };
    if (s.kind == strategy::Kind::Pattern) {
        f.entry = opt(x.entry);
        f.sl = opt(x.sl);
        f.tp = opt(x.tp);
        f.risk = opt(x.risk);
    }
    f.tp_mult = x.params.tp_mult;
    f.quantity_mod = x.params.quantity_mod;
    f.regime = x.regime;
    if (x.has_score) f.score = opt(x.score);
    if (s.kind == strategy::Kind::Options) {
        f.structure = s.structure;
        for (const auto& l : s.legs)
            f.legs.push_back(event::StructureLeg{l.action, l.option_type, l.offset, l.expiry_offset});
    }
    return f;
}

event::Event envelope(event::Kind kind, const strategy::CandleView& c) {
    event::Event e;
    e.env.kind = kind;
    e.env.timestamp = c.ts.plus_seconds(60);
    e.env.symbol = std::string(c.symbol);
    e.env.hist = c.hist;
    return e;
}

std::string id_of(const strategy::Strategy& s, const strategy::CandleView& c) {
    return s.pattern_id + ":" + std::string(c.symbol) + ":1m:" + std::to_string(harness::kT0);
}

}  // namespace

TEST_CASE("a pattern SIGNAL written in place is encode()'s line, byte for byte") {
    auto s = harness::load(kPattern);
    strategy::Tracker t(s);
    t.locals[0] = 21750.25;  // zone_h
    t.locals[1] = expr::kUndefined;
    strategy::Execution x;
    x.regime = sos::vocab::Regime::Sideways;
    x.params = {2.5, 0.5, 0};
    x.side = vocab::Side::Sell;
    x.entry = 21700.05;
    x.sl = 21750.25;
    x.risk = x.sl - x.entry;
    x.tp = x.entry - x.risk * 2.5;
    x.has_score = true;
    x.score = 1234;
    for (const bool hist : {false, true}) {
        // A quote and a backslash in the symbol: escaped in "symbol" and inside the id alike.
        const auto c = view("NI\"F\\TY", hist);
        auto e = envelope(event::Kind::Signal, c);
        auto& g = e.body.emplace<event::Signal>();
        g.id = id_of(*s, c);
        g.f = fields(*s, c, x);
        g.f.vars = {{"zone_h", 21750.25}, {"zone_l", std::nullopt}};
        CHECK(written(*s, t, c, x, "", "") == event::encode(e));
    }
}

TEST_CASE("a match REJECT written in place is encode()'s line, byte for byte") {
    auto s = harness::load(kPattern);
    strategy::Tracker t(s);
    strategy::Execution x;  // no regime yet, every price undefined
    x.has_score = true;     // an undefined score is left out
    const auto c = view("NIFTY", false);
    // Quotes, a backslash, control characters, and a length past any fixed room.
    const std::string detail =
        "entry undefined: var.zone_l \"quoted\" \\ tab\t\x01 " + std::string(3000, 'x');
    auto e = envelope(event::Kind::Reject, c);
    auto& r = e.body.emplace<event::Reject>();
    r.stage = "match";
    r.ref = id_of(*s, c);
    r.reason = "UNDEFINED_PRICE";
    r.detail = detail;
    r.has_signal_fields = true;
    r.f = fields(*s, c, x);
    r.f.vars = {{"zone_h", std::nullopt}, {"zone_l", std::nullopt}};
    CHECK(written(*s, t, c, x, "UNDEFINED_PRICE", detail) == event::encode(e));
}

TEST_CASE("an options SIGNAL written in place is encode()'s line, byte for byte") {
    auto s = harness::load(kOptions);
    REQUIRE(!s->legs.empty());
    strategy::Tracker t(s);
    strategy::Execution x;
    x.regime = sos::vocab::Regime::CompleteBearish;
    x.has_score = true;
    x.score = 61.5;
    const auto c = view("BANKNIFTY", true);
    auto e = envelope(event::Kind::Signal, c);
    auto& g = e.body.emplace<event::Signal>();
    g.id = id_of(*s, c);
    g.f = fields(*s, c, x);
    CHECK(written(*s, t, c, x, "", "") == event::encode(e));
}
