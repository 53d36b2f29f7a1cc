// Indicators shared between strategies on one symbol: which call sites share, which must not,
// and that sharing changes no line of output.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "strategy/indicator_bank.hpp"
#include "strategy_harness.hpp"

using harness::candle;
using harness::Harness;
using harness::kT0;
using namespace sos;

namespace {

const char* kA = R"json({"pattern_id":"A","phases":[
    {"conditions":["candle.range > atr(5)","candle.close > sma(candle.close, 5)","candle.close > vwap - 1"]}],
  "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
// atr(5) twice (once inside sma(atr(5), 3), whose input reads an indicator: never shared).
const char* kB = R"json({"pattern_id":"B","phases":[
    {"conditions":["candle.range > atr(5) * 0.8","sma(atr(5), 3) < candle.range * 2",
                   "candle.close < sma(candle.close, 5)"]}],
  "execution":{"entry":"candle.close","sl":"candle.high","tp":"entry - risk"}})json";
// Near misses of A's sites: another input, another period, the previous candle, and vwap again.
const char* kC = R"json({"pattern_id":"C","phases":[
    {"conditions":["candle.close > sma(candle.open, 5)","candle.close > sma(candle.close, 6)",
                   "ema(prev.close, 3) > 0","candle.close < vwap + 1"]}],
  "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";

// Two sessions of a random walk on two symbols.
std::vector<std::string> market(unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<std::string> lines;
    double px[2] = {100, 200};
    for (long day = 0; day < 2; ++day)
        for (int i = 0; i < 120; ++i)
            for (int s = 0; s < 2; ++s) {
                const double o = px[s], c = o + u(rng), h = std::max(o, c) + std::abs(u(rng)),
                             l = std::min(o, c) - std::abs(u(rng));
                px[s] = c;
                lines.push_back(
                    candle(s ? "BBB" : "AAA", kT0 + day * 86400 + 60 * i, o, h, l, c, 1000 + 10 * i));
            }
    return lines;
}

std::vector<harness::Json> of(const std::vector<harness::Json>& lines, const std::string& id) {
    std::vector<harness::Json> out;
    for (const auto& j : lines)
        if (j.value("pattern_id", "") == id) out.push_back(j);
    return out;
}

}  // namespace

TEST_CASE("identical call sites of strategies on one symbol share one indicator") {
    Harness h({kA, kB, kC});
    h.run({candle("AAA", kT0, 100, 101, 99, 100)});
    auto& g = h.engine.symbol_state("AAA").groups.at(0);
    const auto& a = g.trackers.at(0);
    const auto& b = g.trackers.at(1);
    const auto& c = g.trackers.at(2);
    REQUIRE(a.entries.size() == 3);  // atr(5), sma(candle.close, 5), vwap
    REQUIRE(b.entries.size() == 4);  // atr(5), atr(5), sma(atr(5), 3), sma(candle.close, 5)
    REQUIRE(c.entries.size() == 4);
    CHECK(b.entries[0] == a.entries[0]);
    CHECK(b.entries[1] == a.entries[0]);
    CHECK(b.entries[3] == a.entries[1]);
    CHECK(c.entries[3] == a.entries[2]);  // vwap
    // sma(atr(5), 3) reads an indicator; the others differ from A's in input, period or read prev.
    std::set<std::uint32_t> own = {b.entries[2], c.entries[0], c.entries[1], c.entries[2]};
    CHECK(own.size() == 4);
    for (auto e : own) {
        CHECK(e != a.entries[0]);
        CHECK(e != a.entries[1]);
        CHECK(e != a.entries[2]);
    }
    CHECK(g.bank.inds.size() == 7);
    // Each entry is fed by exactly one tracker.
    std::vector<int> feeders(g.bank.inds.size(), 0);
    for (const auto& t : g.trackers)
        for (auto i : t.feeds)
            ++feeders[t.entries[i]];
    CHECK(feeders == std::vector<int>(g.bank.inds.size(), 1));
}

TEST_CASE("an indicator's input may be shared only when it reads what every tracker sees alike") {
    auto b = harness::load(kB);
    auto c = harness::load(kC);
    CHECK(strategy::input_is_common(b->program, b->program.sites[0]));        // atr: no input
    CHECK_FALSE(strategy::input_is_common(b->program, b->program.sites[2]));  // sma(atr(5), 3)
    CHECK(strategy::input_is_common(b->program, b->program.sites[3]));        // sma(candle.close, 5)
    CHECK_FALSE(strategy::input_is_common(c->program, c->program.sites[2]));  // ema(prev.close, 3)
    auto s = harness::load(R"json({"pattern_id":"S","phases":[
        {"conditions":["ema(candle.close * 2 + sentiment.pcr - session.minute, 4) > 0"]}],
      "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json");
    CHECK(strategy::input_is_common(s->program, s->program.sites[0]));
}

TEST_CASE("sharing indicators changes no line a strategy writes") {
    const auto lines = market(11);
    Harness all({kA, kB, kC});
    const auto together = all.decisions(lines);
    for (const char* s : {kA, kB, kC}) {
        Harness alone({s});
        const auto own = alone.decisions(lines);
        const std::string id = harness::Json::parse(s)["pattern_id"];
        INFO(id);
        CHECK_FALSE(own.empty());
        CHECK(of(together, id) == own);
    }
}

TEST_CASE("indicators in different states are not shared") {
    Harness h({kA, kB});
    h.run(market(3));
    auto& g = h.engine.symbol_state("AAA").groups.at(0);
    REQUIRE(g.trackers.at(1).entries[0] == g.trackers.at(0).entries[0]);
    const double atr = strategy::site_indicator(g.bank, g.trackers[0], 0).value(0);

    // B's atr takes one bar A's does not: the two are apart from then on.
    strategy::own_indicators(g.bank, g.trackers);
    REQUIRE(g.trackers[1].inds.size() == 4);
    g.trackers[1].inds[0].update(indicators::Bar{500, 100, 300, 1, 0}, expr::kUndefined);
    strategy::share_indicators(g.bank, g.trackers);
    CHECK(g.trackers[1].entries[0] != g.trackers[0].entries[0]);
    CHECK(g.trackers[1].entries[1] == g.trackers[0].entries[0]);  // its other atr(5) did not
    CHECK(strategy::site_indicator(g.bank, g.trackers[0], 0).value(0) == atr);
    CHECK(strategy::site_indicator(g.bank, g.trackers[1], 0).value(0) != atr);

    // A tracker that has taken in other candles shares nothing, even in equal states.
    strategy::own_indicators(g.bank, g.trackers);
    g.trackers[1].last_ts = g.trackers[1].last_ts.plus_seconds(-60);
    strategy::share_indicators(g.bank, g.trackers);
    for (auto e : g.trackers[1].entries)
        for (auto f : g.trackers[0].entries)
            CHECK(e != f);
}
