// Implied volatility from chains: time to expiry, the parity forward, ATM IV and skew, with the
// edge cases a live chain brings (stale pairs, zero and crossed prices, expiry today, expired).
#include <catch2/catch.hpp>

#include <cmath>

#include "sentiment/chain_iv.hpp"
#include "sentiment/time_to_expiry.hpp"
#include "sentiment_fixtures.hpp"

using namespace sos;
using namespace sos::sentiment;
using test::ist;
using test::ladder_of;
using test::Leg;

namespace {
const time::Date kExpiry{2024, 1, 11};
}  // namespace

TEST_CASE("time to expiry runs in calendar time to 15:30 IST on the expiry day in 365-day years") {
    // Monday 09:30 to Thursday 15:30: 3 days and 6 hours.
    CHECK(years_to_expiry(kExpiry, ist(8, 9, 30)) == Approx((3 * 24 + 6) / 8760.0).epsilon(1e-12));
    // Expiry today at 14:30: one hour left.
    CHECK(years_to_expiry(kExpiry, ist(11, 14, 30)) == Approx(1 / 8760.0).epsilon(1e-12));
    CHECK(years_to_expiry(kExpiry, ist(11, 15, 30)) == 0);
    CHECK(years_to_expiry(kExpiry, ist(11, 15, 45)) < 0);
}

TEST_CASE("the parity forward is exact on exact prices whatever the dividend yield") {
    const double years = 7.0 / 365, r = 0.065, q = 0.03;
    auto ch = test::priced_chain(22000, kExpiry, years, r, q, 21500, 22500, 50, [](double) { return 0.14; });
    auto l = ladder_of(ch);
    IvSettings s;
    s.rate = r;
    auto f = implied_forward(l, 22000, years, s);
    CHECK(f.from_parity);
    CHECK(f.pairs == 3);
    CHECK(f.forward == Approx(22000 * std::exp((r - q) * years)).epsilon(1e-12));
}

TEST_CASE("ATM IV recovers a flat volatility exactly") {
    const double years = 7.0 / 365, r = 0.065;
    auto ch =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21000, 23000, 50, [](double) { return 0.1234; });
    IvSettings s;
    s.rate = r;
    auto atm = atm_iv(ladder_of(ch), 22000, years, s);
    REQUIRE(atm.iv);
    CHECK(*atm.iv == Approx(0.1234).epsilon(1e-9));
    CHECK(atm.atm_strike == 22050);  // the forward, 22027.4, is nearer 22050
}

TEST_CASE("ATM IV interpolates a smile to the forward") {
    const double years = 30.0 / 365, r = 0.065;
    auto vol = [](double k) { return 0.15 + 0.00002 * (k - 22000); };  // linear in strike
    auto ch = test::priced_chain(22000, kExpiry, years, r, 0.0, 21000, 23000, 100, vol);
    IvSettings s;
    s.rate = r;
    auto l = ladder_of(ch);
    const double fwd = 22000 * std::exp(r * years);
    auto atm = atm_iv(l, 22000, years, s);
    REQUIRE(atm.iv);
    CHECK(atm.forward == Approx(fwd).epsilon(1e-9));
    CHECK(*atm.iv == Approx(vol(fwd)).epsilon(1e-9));
}

TEST_CASE("ATM IV hardly depends on the configured rate") {
    const double years = 7.0 / 365, true_r = 0.065, q = 0.012;
    auto ch =
        test::priced_chain(22000, kExpiry, years, true_r, q, 21000, 23000, 50, [](double) { return 0.15; });
    auto l = ladder_of(ch);
    for (double assumed : {0.0, 0.04, 0.065, 0.10}) {
        IvSettings s;
        s.rate = assumed;
        auto atm = atm_iv(l, 22000, years, s);
        REQUIRE(atm.iv);
        // Only discounting is left to the rate: the IV is off by about (r - r') T in relative
        // terms (0.12% for a weekly priced at a rate of 0 instead of 6.5%), and the unknown
        // dividend yield does not enter at all.
        CHECK(*atm.iv == Approx(0.15).epsilon(1.1 * std::abs(true_r - assumed) * years + 1e-9));
    }
}

TEST_CASE("a stale pair near the money does not move the forward") {
    const double years = 7.0 / 365, r = 0.065;
    auto ch =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21800, 22200, 50, [](double) { return 0.15; });
    // The 22000 call last traded far below its value: a parity forward 40 points off.
    for (auto& row : ch.strikes)
        if (row.strike == 22000) *row.ce.ltp -= 40;
    IvSettings s;
    s.rate = r;
    s.parity_strikes = 3;
    auto f = implied_forward(ladder_of(ch), 22000, years, s);
    CHECK(f.pairs == 3);
    CHECK(f.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-9));  // the median of three
}

TEST_CASE("crossed quotes beyond the forward gap are dropped and zero prices skipped") {
    const double years = 7.0 / 365, r = 0.065;
    auto ch =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21900, 22100, 100, [](double) { return 0.15; });
    ch.strikes[0].pe.ltp = 5000;  // 21900: implies a forward far below spot
    ch.strikes[1].ce.ltp = 0;     // 22000: no call price
    IvSettings s;
    s.rate = r;
    auto f = implied_forward(ladder_of(ch), 22000, years, s);
    CHECK(f.pairs == 1);  // only 22100 is left
    CHECK(f.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-9));
    // Nothing usable at all: spot carried at the rate.
    auto bare = test::make_chain(22000, kExpiry, {{22000, Leg{0, 1, 0}, Leg{0, 1, 0}}});
    auto g = implied_forward(ladder_of(bare), 22000, years, s);
    CHECK_FALSE(g.from_parity);
    CHECK(g.forward == Approx(22000 * std::exp(r * years)));
    auto atm = atm_iv(ladder_of(bare), 22000, years, s);
    CHECK_FALSE(atm.iv);
    CHECK(atm.why == "strike 22000: call no price, put no price");
}

TEST_CASE("a price below intrinsic value has no IV and says why") {
    auto row = test::make_chain(22000, kExpiry, {{21000, Leg{900, 1, 0}, Leg{1, 1, 0}}}).strikes[0];
    auto r = leg_iv(row, true, 22000, 7.0 / 365, 0.065);
    CHECK(r.status == options::IvStatus::BelowIntrinsic);
    auto zero = test::make_chain(22000, kExpiry, {{21000, Leg{0, 1, 0}, Leg{}}}).strikes[0];
    CHECK(leg_iv(zero, true, 22000, 7.0 / 365, 0.065).status == options::IvStatus::InvalidInput);
    // The chain-level figure passes the solver's verdict on: a call priced under its value
    // on the forward (a stale print), and no put.
    auto stale = test::make_chain(22000, kExpiry, {{22000, Leg{5, 1, 0}, Leg{0, 1, 0}}});
    StrikeLadder l;
    l.build(stale);
    auto atm = atm_iv(l, 22000, 7.0 / 365, IvSettings{});
    CHECK_FALSE(atm.iv);
    CHECK(atm.why == "strike 22000: call price below intrinsic value, put no price");
}

TEST_CASE("ATM IV on expiry day is solved on the hours left and absent once expired") {
    const double years = years_to_expiry(kExpiry, ist(11, 14, 30));
    auto ch =
        test::priced_chain(22000, kExpiry, years, 0.065, 0.0, 21800, 22200, 50, [](double) { return 0.2; });
    IvSettings s;
    auto atm = atm_iv(ladder_of(ch), 22000, years, s);
    REQUIRE(atm.iv);
    CHECK(*atm.iv == Approx(0.2).epsilon(1e-6));
    auto after = atm_iv(ladder_of(ch), 22000, years_to_expiry(kExpiry, ist(11, 15, 31)), s);
    CHECK_FALSE(after.iv);
    CHECK(after.why == "expired");
}

TEST_CASE("skew is put IV over call IV at equal distance from ATM") {
    const double years = 7.0 / 365, r = 0.065;
    // 22000 ATM; 1% of the forward is 220, rounded to two 100-point steps.
    auto vol = [](double k) { return k < 21900 ? 0.18 : k > 22100 ? 0.14 : 0.15; };
    auto ch = test::priced_chain(22000, kExpiry, years, r, 0.0, 21500, 22500, 100, vol);
    IvSettings s;
    s.rate = r;
    const double fwd = 22000 * std::exp(r * years);
    auto k = skew(ladder_of(ch), fwd, years, s);
    REQUIRE(k.ratio);
    CHECK(k.put_strike == 21800);
    CHECK(k.call_strike == 22200);
    CHECK(*k.ratio == Approx(0.18 / 0.14).epsilon(1e-8));
    // A strike missing on one side: no skew.
    s.skew_distance = 0.03;
    CHECK_FALSE(skew(ladder_of(ch), fwd, years, s).ratio);
}

TEST_CASE("an empty chain has no forward from parity, no ATM IV and no skew") {
    const double years = 7.0 / 365, r = 0.065;
    auto l = ladder_of(test::make_chain(22000, kExpiry, {}));
    IvSettings s;
    s.rate = r;
    auto f = implied_forward(l, 22000, years, s);
    CHECK_FALSE(f.from_parity);
    CHECK(f.pairs == 0);
    CHECK(f.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-12));
    auto atm = atm_iv(l, 22000, years, s);
    CHECK_FALSE(atm.iv);
    CHECK(atm.why == "empty chain");
    CHECK_FALSE(skew(l, f.forward, years, s).ratio);
}

TEST_CASE("a one-sided chain solves ATM IV from the legs it has on spot carried at the rate") {
    const double years = 7.0 / 365, r = 0.065;
    IvSettings s;
    s.rate = r;
    // Priced with no dividend, so spot carried at the rate is the true forward (22027.43).
    auto full =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21500, 22500, 50, [](double) { return 0.17; });
    for (bool keep_calls : {true, false}) {
        auto ch = full;
        for (auto& row : ch.strikes)
            (keep_calls ? row.has_pe : row.has_ce) = false;
        auto l = ladder_of(ch);
        INFO((keep_calls ? "calls only" : "puts only"));
        auto f = implied_forward(l, 22000, years, s);
        CHECK_FALSE(f.from_parity);
        CHECK(f.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-12));
        auto atm = atm_iv(l, 22000, years, s);
        REQUIRE(atm.iv);
        CHECK(*atm.iv == Approx(0.17).epsilon(1e-9));
        CHECK(atm.atm_strike == 22050);
        // Skew needs a put and a call: one side alone has none.
        CHECK_FALSE(skew(l, atm.forward, years, s).ratio);
    }
}

TEST_CASE("zero open interest does not touch the implied volatility") {
    const double years = 7.0 / 365, r = 0.065;
    auto ch =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21500, 22500, 50, [](double) { return 0.13; });
    for (auto& row : ch.strikes)
        row.ce.oi = row.pe.oi = 0.0;
    IvSettings s;
    s.rate = r;
    auto l = ladder_of(ch);
    auto atm = atm_iv(l, 22000, years, s);
    REQUIRE(atm.iv);
    CHECK(*atm.iv == Approx(0.13).epsilon(1e-9));
    auto k = skew(l, atm.forward, years, s);
    REQUIRE(k.ratio);
    CHECK(*k.ratio == Approx(1).epsilon(1e-8));
}

TEST_CASE("an in-the-money strike alone at zero time value has no IV and says so") {
    // One strike 1000 below spot: the call priced exactly at its discounted value on the
    // forward, the put not traded. No volatility fits a price without time value.
    const double years = 7.0 / 365, r = 0.065;
    const double call = 22000 - 21000 * std::exp(-r * years);
    auto ch = test::make_chain(22000, kExpiry, {{21000, Leg{call, 1, 0}, Leg{0, 1, 0}}});
    IvSettings s;
    s.rate = r;
    auto atm = atm_iv(ladder_of(ch), 22000, years, s);
    CHECK_FALSE(atm.iv);
    CHECK(atm.atm_strike == 21000);
    CHECK(atm.why == "strike 21000: call price has no time value, put no price");
}

TEST_CASE("zero and crossed prices at the ATM strike fall back to the next strike with an IV") {
    const double years = 7.0 / 365, r = 0.065;
    auto ch =
        test::priced_chain(22000, kExpiry, years, r, 0.0, 21800, 22200, 100, [](double) { return 0.16; });
    // Forward 22027.4: the bracket is 22000/22100. Neither has a usable price: both legs zero
    // at 22000; at 22100 a zero call and a crossed put, quoted above its discounted strike
    // (no volatility fits it).
    for (auto& row : ch.strikes) {
        if (row.strike == 22000) row.ce.ltp = row.pe.ltp = 0.0;
        if (row.strike == 22100) {
            row.ce.ltp = 0.0;
            row.pe.ltp = 22100.0;
        }
    }
    IvSettings s;
    s.rate = r;
    auto atm = atm_iv(ladder_of(ch), 22000, years, s);
    REQUIRE(atm.iv);
    CHECK(atm.atm_strike == 22000);
    // The parity forward pools 21900, 21800 and 22200 (22000 and 22100 lack a call): exact.
    CHECK(atm.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-9));
    CHECK(*atm.iv == Approx(0.16).epsilon(1e-9));  // from 21900, one step away
}

TEST_CASE("skew on expiry day is solved on the hours left and absent once expired") {
    const double years = years_to_expiry(kExpiry, ist(11, 13, 30));  // two hours
    REQUIRE(years == Approx(2 / 8760.0).epsilon(1e-12));
    const double r = 0.065;
    auto vol = [](double k) { return k < 22000 ? 0.24 : k > 22000 ? 0.2 : 0.22; };
    auto ch = test::priced_chain(22000, kExpiry, years, r, 0.0, 21700, 22300, 100, vol);
    IvSettings s;
    s.rate = r;
    auto l = ladder_of(ch);
    auto f = implied_forward(l, 22000, years, s);
    CHECK(f.from_parity);
    CHECK(f.forward == Approx(22000 * std::exp(r * years)).epsilon(1e-9));
    auto k = skew(l, f.forward, years, s);
    REQUIRE(k.ratio);
    CHECK(k.put_strike == 21800);
    CHECK(k.call_strike == 22200);
    CHECK(*k.ratio == Approx(0.24 / 0.2).epsilon(1e-6));
    CHECK_FALSE(skew(l, f.forward, years_to_expiry(kExpiry, ist(11, 15, 30)), s).ratio);
}
