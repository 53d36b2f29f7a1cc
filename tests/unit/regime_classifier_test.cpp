// The regime scale: names, bands, the classifier's hysteresis, dwell and smoothing, and the
// VIX flags.
#include <catch2/catch.hpp>

#include "regime/bands.hpp"
#include "regime/classifier.hpp"
#include "regime/flags.hpp"

using namespace sos::regime;
namespace vocab = sos::vocab;

namespace {

// A model whose score is whatever the test says, on the shipped blend bands.
class ScriptedModel : public Model {
public:
    ScriptedModel(double hysteresis, int dwell, int smoothing = 1)
        : hysteresis_(hysteresis), dwell_(dwell), smoothing_(smoothing) {}
    std::string_view name() const override { return "scripted"; }
    Evaluation evaluate(const ModelInputs&) const override { return {}; }
    Regime target(const Evaluation& ev) const override { return bands_.band_of(ev.score); }
    bool leaves(Regime current, const Evaluation& ev) const override {
        return bands_.beyond(current, ev.score, hysteresis_);
    }
    int smoothing() const override { return smoothing_; }
    int min_dwell() const override { return dwell_; }

private:
    Bands bands_;
    double hysteresis_;
    int dwell_, smoothing_;
};

Classifier::Decision feed(Classifier& c, const Model& m, double score) {
    Evaluation ev;
    ev.ok = true;
    ev.score = ev.raw_score = score;
    return c.update(m, ev);
}

}  // namespace

TEST_CASE("regime names round-trip in order from bearish to bullish") {
    for (Regime r : vocab::all<Regime>())
        CHECK(vocab::parse_any_case<Regime>(vocab::name(r)) == r);
    CHECK(vocab::parse_any_case<Regime>("sideways_bullish") == Regime::SidewaysBullish);
    CHECK_FALSE(vocab::parse_any_case<Regime>("UNKNOWN"));
    CHECK(ordinal(Regime::CompleteBearish) == -3);
    CHECK(ordinal(Regime::CompleteBullish) == 3);
    CHECK(bullish_half(Regime::SidewaysBullish));
    CHECK_FALSE(bullish_half(Regime::Sideways));
    CHECK(bearish_half(Regime::SidewaysBearish));
}

TEST_CASE("six edges cut the score into seven bands symmetric around zero") {
    Bands b;  // -60 -35 -15 15 35 60
    CHECK(b.band_of(0) == Regime::Sideways);
    CHECK(b.band_of(14.99) == Regime::Sideways);
    CHECK(b.band_of(15) == Regime::SidewaysBullish);
    CHECK(b.band_of(-14.99) == Regime::Sideways);
    CHECK(b.band_of(-15) == Regime::SidewaysBearish);
    CHECK(b.band_of(35) == Regime::Bullish);
    CHECK(b.band_of(-35) == Regime::Bearish);
    CHECK(b.band_of(60) == Regime::CompleteBullish);
    CHECK(b.band_of(-60) == Regime::CompleteBearish);
    CHECK(b.band_of(1e9) == Regime::CompleteBullish);
    CHECK(b.lower_edge(Regime::Sideways) == -15);
    CHECK(b.upper_edge(Regime::Sideways) == 15);
    CHECK(b.beyond(Regime::Sideways, 23.5, 8));
    CHECK_FALSE(b.beyond(Regime::Sideways, 23, 8));
    CHECK_FALSE(b.beyond(Regime::CompleteBullish, 1e9, 8));
}

TEST_CASE("a regime is left only when the score crosses its edge by the margin") {
    ScriptedModel m(8, 0);
    Classifier c;
    auto d = feed(c, m, 20);
    CHECK(d.regime == Regime::SidewaysBullish);
    CHECK(d.changed);
    d = feed(c, m, 10);  // below the 15 edge, but not by 8
    CHECK(d.regime == Regime::SidewaysBullish);
    CHECK_FALSE(d.changed);
    d = feed(c, m, 40);  // above 35, not by 8
    CHECK(d.regime == Regime::SidewaysBullish);
    d = feed(c, m, 43.5);
    CHECK(d.regime == Regime::Bullish);
    CHECK(d.changed);
    d = feed(c, m, 6.5);  // far below: straight to the band the score is in
    CHECK(d.regime == Regime::Sideways);
    CHECK(d.changed);
}

TEST_CASE("no change before the minimum dwell however far the score goes") {
    ScriptedModel m(0, 3);
    Classifier c;
    CHECK(feed(c, m, 0).regime == Regime::Sideways);
    CHECK(feed(c, m, 90).regime == Regime::Sideways);  // first update after the change
    CHECK(feed(c, m, 90).regime == Regime::Sideways);
    auto d = feed(c, m, 90);  // the third update in SIDEWAYS: now it may go
    CHECK(d.regime == Regime::CompleteBullish);
    CHECK(d.changed);
    CHECK(c.updates_in_regime() == 0);
    CHECK(feed(c, m, -90).regime == Regime::CompleteBullish);
}

TEST_CASE("the score is smoothed before it is banded") {
    ScriptedModel m(0, 0, 3);  // alpha = 0.5
    Classifier c;
    Evaluation ev;
    ev.ok = true;
    ev.score = ev.raw_score = 40;
    c.update(m, ev);
    CHECK(ev.score == 40);
    ev.score = ev.raw_score = 0;
    auto d = c.update(m, ev);
    CHECK(ev.score == 20);
    CHECK(ev.raw_score == 0);
    CHECK(d.regime == Regime::SidewaysBullish);
}

TEST_CASE("a forced regime resets the dwell") {
    ScriptedModel m(0, 5);
    Classifier c;
    feed(c, m, 0);
    auto d = c.force(Regime::Bearish);
    CHECK(d.changed);
    CHECK_FALSE(c.force(Regime::Bearish).changed);
    CHECK(feed(c, m, 90).regime == Regime::Bearish);
}

TEST_CASE("VIX flags follow TOMIC's thresholds") {
    FlagSettings s;
    using V = std::vector<std::string_view>;
    CHECK(vix_flags(11.9, s) == V{"PREMIUMS_TOO_LOW"});
    CHECK(vix_flags(12, s).empty());
    CHECK(vix_flags(18, s).empty());
    CHECK(vix_flags(25, s).empty());
    CHECK(vix_flags(25.1, s) == V{"DEFINED_RISK_ONLY"});
    CHECK(vix_flags(30, s) == V{"DEFINED_RISK_ONLY"});
    CHECK(vix_flags(30.5, s) == V{"DEFINED_RISK_ONLY", "HALF_SIZE"});
    CHECK(vix_flags(40, s) == V{"DEFINED_RISK_ONLY", "HALF_SIZE"});
    CHECK(vix_flags(41, s) == V{"DEFINED_RISK_ONLY", "HALF_SIZE", "HALT_SHORT_VEGA"});
    s.premiums_too_low_below = 14;
    CHECK(vix_flags(13, s) == V{"PREMIUMS_TOO_LOW"});
}
