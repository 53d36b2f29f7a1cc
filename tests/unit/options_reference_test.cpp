// lib/options against an independent reference: prices, greeks and implied volatility on a
// grid of 11 strikes x 6 expiries (an hour to a year) x 4 volatilities x 2 carries around an
// index at 22000. The values in options_reference_table.inc come from
// tests/reference/black_scholes_reference.py, a separate implementation of the textbook
// formulas evaluated with mpmath at 50 digits (see the script for how to regenerate it).
#include <catch2/catch.hpp>

#include <cmath>

#include "options/black_scholes.hpp"
#include "options/implied_vol.hpp"

using namespace sos::options;

namespace {

struct Row {
    double spot, strike, years, vol, rate, dividend;
    double call, put, delta_call, delta_put, gamma, vega, theta_call, theta_put;
    bool iv_call, iv_put;
};

const Row kRows[] = {
#include "options_reference_table.inc"
};

// 1e-6 relative; figures that are zero in double precision (an option a thousand standard
// deviations out of the money) agree when both are below a billionth of a rupee.
bool agrees(double got, double want) {
    const double tol = 1e-6 * std::abs(want);
    return std::abs(got - want) <= std::max(tol, 1e-9);
}

}  // namespace

TEST_CASE("prices and greeks agree with the reference grid to 1e-6") {
    int checked = 0;
    for (const Row& r : kRows) {
        BsInputs in{r.spot, r.strike, r.years, r.rate, r.dividend};
        Greeks c = bs_greeks(OptionType::Call, in, r.vol);
        Greeks p = bs_greeks(OptionType::Put, in, r.vol);
        INFO("K=" << r.strike << " T=" << r.years << " vol=" << r.vol << " q=" << r.dividend);
        CHECK(agrees(bs_price(OptionType::Call, in, r.vol), r.call));
        CHECK(agrees(bs_price(OptionType::Put, in, r.vol), r.put));
        CHECK(agrees(c.price, r.call));
        CHECK(agrees(p.price, r.put));
        CHECK(agrees(c.delta, r.delta_call));
        CHECK(agrees(p.delta, r.delta_put));
        CHECK(agrees(c.gamma, r.gamma));
        CHECK(agrees(p.gamma, r.gamma));
        CHECK(agrees(c.vega, r.vega));
        CHECK(agrees(c.theta, r.theta_call));
        CHECK(agrees(p.theta, r.theta_put));
        ++checked;
    }
    REQUIRE(checked == 528);
}

TEST_CASE("implied volatility recovers the reference volatility to 1e-6") {
    int solved = 0;
    for (const Row& r : kRows) {
        BsInputs in{r.spot, r.strike, r.years, r.rate, r.dividend};
        INFO("K=" << r.strike << " T=" << r.years << " vol=" << r.vol << " q=" << r.dividend);
        for (auto [type, price, testable] : {std::tuple{OptionType::Call, r.call, r.iv_call},
                                             std::tuple{OptionType::Put, r.put, r.iv_put}}) {
            if (!testable) continue;
            IvResult iv = implied_vol(type, price, in);
            REQUIRE(iv.ok());
            CHECK(iv.vol == Approx(r.vol).epsilon(1e-6));
            ++solved;
        }
    }
    // Most of the grid determines its volatility; the rest is deep in or out of the money at
    // short expiries, where a double-precision price carries no information about it.
    REQUIRE(solved > 700);
}
