// Open-interest figures of a chain: put–call ratios, walls, max pain, and the strike ladder
// they stand on, including the chains a feed really sends (empty, one-sided, zero OI,
// unsorted, repeated strikes).
#include <catch2/catch.hpp>

#include "sentiment/oi_analytics.hpp"
#include "sentiment/strike_ladder.hpp"
#include "sentiment_fixtures.hpp"

using namespace sos;
using namespace sos::sentiment;
using test::ladder_of;
using test::Leg;
using test::make_chain;

namespace {
const time::Date kExpiry{2024, 1, 11};
}  // namespace

TEST_CASE("PCR is put OI over call OI and pcr_volume put volume over call volume") {
    auto ch = make_chain(110, kExpiry,
                         {{100, Leg{5, 100, 10}, Leg{1, 300, 30}},
                          {110, Leg{3, 200, 20}, Leg{3, 100, 30}},
                          {120, Leg{1, 100, 30}, Leg{5, 200, 30}}});
    auto l = ladder_of(ch);
    auto r = put_call_ratios(l);
    REQUIRE(r.oi);
    CHECK(*r.oi == Approx(600.0 / 400.0));
    REQUIRE(r.volume);
    CHECK(*r.volume == Approx(90.0 / 60.0));
}

TEST_CASE("an empty chain has no figures at all") {
    auto l = ladder_of(make_chain(22000, kExpiry, {}));
    CHECK(l.empty());
    CHECK(l.nearest(22000) == -1);
    auto r = put_call_ratios(l);
    CHECK_FALSE(r.oi);
    CHECK_FALSE(r.volume);
    auto w = oi_walls(l, 22000, {});
    CHECK_FALSE(w.above);
    CHECK_FALSE(w.below);
    CHECK_FALSE(max_pain(l, 22000));
}

TEST_CASE("a one-sided chain has no PCR and no max pain but keeps its own wall") {
    auto ch = make_chain(22000, kExpiry,
                         {{21900, Leg{150, 500, 0}, std::nullopt},
                          {22000, Leg{90, 900, 0}, std::nullopt},
                          {22100, Leg{40, 700, 0}, std::nullopt}});
    auto l = ladder_of(ch);
    CHECK_FALSE(put_call_ratios(l).oi);
    CHECK_FALSE(max_pain(l, 22000));
    auto w = oi_walls(l, 22000, {});
    REQUIRE(w.above);
    CHECK(*w.above == 22100);
    CHECK_FALSE(w.below);
}

TEST_CASE("zero open interest everywhere gives no PCR walls or max pain") {
    auto ch = make_chain(22000, kExpiry,
                         {{21900, Leg{150, 0, 0}, Leg{40, 0, 0}},
                          {22000, Leg{90, 0, 0}, Leg{90, 0, 0}},
                          {22100, Leg{40, 0, 0}, Leg{150, 0, 0}}});
    auto l = ladder_of(ch);
    CHECK_FALSE(put_call_ratios(l).oi);
    auto w = oi_walls(l, 22000, {});
    CHECK_FALSE(w.above);
    CHECK_FALSE(w.below);
    CHECK_FALSE(max_pain(l, 22000));
}

TEST_CASE("zero put OI with call OI gives a PCR of zero") {
    auto ch = make_chain(22000, kExpiry, {{22000, Leg{90, 500, 0}, Leg{90, 0, 0}}});
    auto r = put_call_ratios(ladder_of(ch));
    REQUIRE(r.oi);
    CHECK(*r.oi == 0);
    CHECK_FALSE(r.volume);  // no volume traded on either side
}

TEST_CASE("walls skip the at-the-money strike even when it holds the most OI") {
    auto ch = make_chain(22010, kExpiry,
                         {{21800, Leg{}, Leg{10, 4000, 0}},
                          {21900, Leg{}, Leg{20, 5000, 0}},
                          {22000, Leg{60, 9000, 0}, Leg{50, 9000, 0}},
                          {22100, Leg{20, 3000, 0}, Leg{}},
                          {22200, Leg{10, 6000, 0}, Leg{}}});
    auto l = ladder_of(ch);
    auto w = oi_walls(l, 22010, {});
    REQUIRE(w.above);
    REQUIRE(w.below);
    CHECK(*w.above == 22200);
    CHECK(*w.below == 21900);
    // Two steps from ATM at least: 22100 and 21900 no longer qualify.
    auto far = oi_walls(l, 22010, WallRule{2, 0});
    CHECK(*far.above == 22200);
    CHECK(*far.below == 21800);
    // A distance in spot terms as well.
    auto pct = oi_walls(l, 22010, WallRule{1, 0.01});
    CHECK_FALSE(pct.above);  // 22200 is 0.86% above spot
    CHECK_FALSE(pct.below);
}

TEST_CASE("a wall tie goes to the strike nearer spot") {
    auto ch = make_chain(22000, kExpiry,
                         {{21800, Leg{}, Leg{1, 500, 0}},
                          {21900, Leg{}, Leg{1, 500, 0}},
                          {22000, Leg{}, Leg{}},
                          {22100, Leg{1, 500, 0}, Leg{}},
                          {22200, Leg{1, 500, 0}, Leg{}}});
    auto w = oi_walls(ladder_of(ch), 22000, {});
    CHECK(*w.above == 22100);
    CHECK(*w.below == 21900);
}

TEST_CASE("max pain is the strike paying holders least: hand-computed") {
    // pay(100) = 20x10 + 10x20 = 400; pay(110) = 10x10 + 10x10 = 200; pay(120) = 10x20 + 20x10 = 400.
    auto ch = make_chain(112, kExpiry,
                         {{100, Leg{12, 10, 0}, Leg{0.5, 0, 0}},
                          {110, Leg{4, 20, 0}, Leg{2, 20, 0}},
                          {120, Leg{1, 0, 0}, Leg{8, 10, 0}}});
    auto mp = max_pain(ladder_of(ch), 112);
    REQUIRE(mp);
    CHECK(*mp == 110);
}

TEST_CASE("max pain agrees with the direct sum on an irregular chain") {
    std::vector<test::Strike> rows;
    for (int i = 0; i < 41; ++i) {
        double k = 21000 + 50 * i;
        double c = 100 + (i * 37) % 23 * 40, p = 100 + (i * 53) % 29 * 35;
        rows.push_back({k, Leg{1, c, 0}, Leg{1, p, 0}});
    }
    auto ch = make_chain(22000, kExpiry, rows);
    auto l = ladder_of(ch);
    double best_k = 0, best = 1e300;
    for (const auto& x : rows) {
        double pay = 0;
        for (const auto& r : rows)
            pay += *r.ce->oi * std::max(x.k - r.k, 0.0) + *r.pe->oi * std::max(r.k - x.k, 0.0);
        if (pay < best - 1e-6 ||
            (std::abs(pay - best) <= 1e-6 && std::abs(x.k - 22000) < std::abs(best_k - 22000))) {
            best = pay;
            best_k = x.k;
        }
    }
    REQUIRE(max_pain(l, 22000));
    CHECK(*max_pain(l, 22000) == best_k);
}

TEST_CASE("the ladder sorts strikes keeps the first of a repeated one and drops impossible ones") {
    auto ch = make_chain(22000, kExpiry,
                         {{22100, Leg{1, 1, 0}, Leg{}},
                          {21900, Leg{3, 3, 0}, Leg{}},
                          {22000, Leg{2, 2, 0}, Leg{}},
                          {22000, Leg{9, 9, 0}, Leg{}},
                          {-5, Leg{1, 1, 0}, Leg{}},
                          {std::nan(""), Leg{1, 1, 0}, Leg{}}});
    StrikeLadder l;
    l.build(ch);
    REQUIRE(l.size() == 3);
    CHECK(l[0].strike == 21900);
    CHECK(l[1].strike == 22000);
    CHECK(*l[1].ce.ltp == 2);
    CHECK(l.step() == 100);
    CHECK(l.nearest(22050) == 1);  // a tie goes to the lower strike
    CHECK(l.nearest(22051) == 2);
    CHECK(l.find(22100) == 2);
    CHECK(l.find(22150) == -1);
}

TEST_CASE("crossed and zero prices are not usable prices") {
    auto ch = make_chain(22000, kExpiry,
                         {{22000, Leg{0, 1, 0}, Leg{-3, 1, 0}}, {22100, Leg{std::nullopt, 1, 0}, Leg{}}});
    StrikeLadder l;
    l.build(ch);
    CHECK(usable_price(l[0], true) == nullptr);
    CHECK(usable_price(l[0], false) == nullptr);
    CHECK(usable_price(l[1], true) == nullptr);
    CHECK(usable_price(l[1], false) == nullptr);  // a leg that is not listed
}

TEST_CASE("a one-sided chain with volume has no volume PCR and a put-only chain only a wall below") {
    // Calls only, with volume: neither ratio exists (no put side to divide).
    auto calls = make_chain(22000, kExpiry,
                            {{21900, Leg{150, 500, 40}, std::nullopt},
                             {22000, Leg{90, 900, 70}, std::nullopt},
                             {22100, Leg{40, 700, 90}, std::nullopt}});
    auto lc = ladder_of(calls);
    auto rc = put_call_ratios(lc);
    CHECK_FALSE(rc.oi);
    CHECK_FALSE(rc.volume);
    // Puts only: no call total to divide by, no max pain, and only the wall below spot.
    auto puts = make_chain(22000, kExpiry,
                           {{21800, std::nullopt, Leg{20, 800, 10}},
                            {21900, std::nullopt, Leg{40, 600, 20}},
                            {22000, std::nullopt, Leg{90, 900, 30}},
                            {22100, std::nullopt, Leg{150, 300, 40}}});
    auto lp = ladder_of(puts);
    auto rp = put_call_ratios(lp);
    CHECK_FALSE(rp.oi);
    CHECK_FALSE(rp.volume);
    CHECK_FALSE(max_pain(lp, 22000));
    auto w = oi_walls(lp, 22000, {});
    CHECK_FALSE(w.above);
    REQUIRE(w.below);
    CHECK(*w.below == 21800);  // 800 at 21800 beats 600 at 21900; 22000 is ATM
}

TEST_CASE("zero open interest still gives the volume PCR: hand-computed") {
    // OI zero or missing on every leg, volume traded: calls 10 + 30 = 40, puts 50 + 10 = 60.
    auto ch = make_chain(22000, kExpiry,
                         {{21900, Leg{150, 0, 10}, Leg{40, std::nullopt, 50}},
                          {22100, Leg{40, std::nullopt, 30}, Leg{150, 0, 10}}});
    auto r = put_call_ratios(ladder_of(ch));
    CHECK_FALSE(r.oi);
    REQUIRE(r.volume);
    CHECK(*r.volume == Approx(1.5).epsilon(1e-12));
}

TEST_CASE("zero call OI with put OI gives no PCR rather than infinity") {
    auto ch = make_chain(22000, kExpiry,
                         {{21800, Leg{250, 0, 5}, Leg{15, 700, 5}},
                          {21900, Leg{150, 0, 5}, Leg{40, 300, 5}},
                          {22000, Leg{90, 0, 5}, Leg{90, 900, 5}},
                          {22100, Leg{40, 0, 5}, Leg{150, 300, 5}}});
    auto l = ladder_of(ch);
    CHECK_FALSE(put_call_ratios(l).oi);
    REQUIRE(put_call_ratios(l).volume);
    CHECK(*put_call_ratios(l).volume == 1);
    // Only puts hold OI: a wall below (ATM 22000 excluded), none above, and no max pain.
    auto w = oi_walls(l, 22000, {});
    CHECK_FALSE(w.above);
    REQUIRE(w.below);
    CHECK(*w.below == 21800);
    CHECK_FALSE(max_pain(l, 22000));
}

TEST_CASE("crossed zero or missing prices do not change the OI figures: hand-computed") {
    // Prices that are zero, negative, missing or crossed (a put at 110 dearer than its
    // strike allows, a 120 call dearer than the 110 put): the OI figures ignore prices.
    // Call OI 10, 20, 0, 15 and put OI 5, 20, 10, 0 at 100..130, spot 112 (ATM 110).
    auto ch = make_chain(112, kExpiry,
                         {{100, Leg{0, 10, 5}, Leg{-1, 5, 5}},
                          {110, Leg{std::nullopt, 20, 5}, Leg{150, 20, 10}},
                          {120, Leg{30, 0, 5}, Leg{0, 10, 5}},
                          {130, Leg{std::nan(""), 15, 5}, Leg{std::nullopt, 0, 5}}});
    auto l = ladder_of(ch);
    auto r = put_call_ratios(l);
    REQUIRE(r.oi);
    CHECK(*r.oi == Approx(35.0 / 45.0).epsilon(1e-12));
    REQUIRE(r.volume);
    CHECK(*r.volume == Approx(25.0 / 20.0).epsilon(1e-12));
    // pay(100) = 20x10 + 10x20 = 400; pay(110) = 10x10 + 10x10 = 200;
    // pay(120) = 10x20 + 20x10 = 400; pay(130) = 10x30 + 20x20 = 700.
    auto mp = max_pain(l, 112);
    REQUIRE(mp);
    CHECK(*mp == 110);
    auto w = oi_walls(l, 112, {});
    REQUIRE(w.above);
    CHECK(*w.above == 130);  // 120 holds no call OI
    REQUIRE(w.below);
    CHECK(*w.below == 100);
}
