#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "options/black_scholes.hpp"
#include "options/expiry.hpp"
#include "options/implied_vol.hpp"
#include "time/calendar.hpp"

using namespace sos::options;
using sos::time::Date;

namespace {

BsInputs inputs(double s, double k, double t, double r, double q = 0) {
    return BsInputs{s, k, t, r, q};
}

// A grid wide enough to reach deep in and out of the money, short and long expiries, with
// and without a dividend yield.
template <class F>
void for_grid(F&& f) {
    for (double k : {60.0, 80.0, 95.0, 100.0, 105.0, 120.0, 150.0})
        for (double t : {0.01, 0.1, 0.5, 1.0, 3.0})
            for (double vol : {0.05, 0.15, 0.3, 0.6, 1.2})
                for (double q : {0.0, 0.03})
                    f(inputs(100, k, t, 0.05, q), vol);
}

}  // namespace

TEST_CASE("Black-Scholes matches the textbook values") {
    BsInputs in = inputs(100, 100, 1, 0.05);
    REQUIRE(bs_price(OptionType::Call, in, 0.2) == Approx(10.450583572185565).epsilon(1e-13));
    REQUIRE(bs_price(OptionType::Put, in, 0.2) == Approx(5.573526022256971).epsilon(1e-13));
    // Hull's example 15.6 (S=42 K=40 r=0.1 T=0.5 sigma=0.2): call 4.76 and put 0.81.
    BsInputs hull = inputs(42, 40, 0.5, 0.1);
    REQUIRE(bs_price(OptionType::Call, hull, 0.2) == Approx(4.7594).margin(1e-4));
    REQUIRE(bs_price(OptionType::Put, hull, 0.2) == Approx(0.8086).margin(1e-4));
    // Merton with a dividend yield (Haug: S=100 K=95 T=0.5 r=0.1 q=0.05 sigma=0.2, put 2.4648).
    REQUIRE(bs_price(OptionType::Put, inputs(100, 95, 0.5, 0.1, 0.05), 0.2) == Approx(2.4648).margin(1e-4));
}

TEST_CASE("put-call parity holds on a grid") {
    for_grid([](const BsInputs& in, double vol) {
        double c = bs_price(OptionType::Call, in, vol);
        double p = bs_price(OptionType::Put, in, vol);
        double parity =
            in.spot * std::exp(-in.dividend_yield * in.years) - in.strike * std::exp(-in.rate * in.years);
        REQUIRE(c - p == Approx(parity).margin(1e-10));
    });
}

TEST_CASE("greeks agree with finite differences") {
    for_grid([](const BsInputs& in, double vol) {
        for (OptionType type : {OptionType::Call, OptionType::Put}) {
            Greeks g = bs_greeks(type, in, vol);
            REQUIRE(g.price == bs_price(type, in, vol));
            double h = in.spot * 1e-4;
            BsInputs up = in, dn = in;
            up.spot += h;
            dn.spot -= h;
            double pu = bs_price(type, up, vol), pd = bs_price(type, dn, vol);
            REQUIRE(g.delta == Approx((pu - pd) / (2 * h)).margin(1e-6));
            REQUIRE(g.gamma == Approx((pu - 2 * g.price + pd) / (h * h)).margin(1e-4));
            double dv = 1e-5;
            double vega_fd = (bs_price(type, in, vol + dv) - bs_price(type, in, vol - dv)) / (2 * dv);
            REQUIRE(g.vega == Approx(vega_fd).margin(1e-5));
            double dt = in.years * 1e-5;
            BsInputs later = in, earlier = in;
            later.years -= dt;
            earlier.years += dt;
            double theta_fd = (bs_price(type, later, vol) - bs_price(type, earlier, vol)) / (2 * dt);
            REQUIRE(g.theta == Approx(theta_fd).margin(1e-4).epsilon(1e-5));
            REQUIRE(bs_delta(type, in, vol) == g.delta);
            REQUIRE(bs_theta(type, in, vol) == g.theta);
        }
        REQUIRE(bs_gamma(in, vol) == bs_greeks(OptionType::Put, in, vol).gamma);
        REQUIRE(bs_vega(in, vol) == bs_greeks(OptionType::Put, in, vol).vega);
    });
}

TEST_CASE("expired and zero-volatility options are worth their intrinsic value") {
    REQUIRE(bs_price(OptionType::Call, inputs(110, 100, 0, 0.05), 0.2) == 10);
    REQUIRE(bs_price(OptionType::Put, inputs(110, 100, -1, 0.05), 0.2) == 0);
    REQUIRE(bs_price(OptionType::Put, inputs(90, 100, 1, 0.05), 0) == Approx(100 * std::exp(-0.05) - 90));
    Greeks g = bs_greeks(OptionType::Call, inputs(110, 100, 1, 0.05), 0);
    REQUIRE(g.delta == 1);
    REQUIRE(g.gamma == 0);
    REQUIRE(g.vega == 0);
}

TEST_CASE("implied volatility round-trips to 1e-9 on a grid") {
    int solved = 0;
    for_grid([&](const BsInputs& in, double vol) {
        for (OptionType type : {OptionType::Call, OptionType::Put}) {
            double price = bs_price(type, in, vol);
            // Prices that are pure rounding noise next to the bounds determine no volatility.
            double time_value = price - bs_lower_bound(type, in);
            if (time_value < 1e-7 * in.spot || bs_upper_bound(type, in) - price < 1e-7 * in.spot) continue;
            IvResult r = implied_vol(type, price, in);
            INFO("K=" << in.strike << " T=" << in.years << " vol=" << vol << " q=" << in.dividend_yield);
            REQUIRE(r.ok());
            REQUIRE(std::abs(r.vol - vol) < 1e-9);
            REQUIRE(r.iterations < 60);
            ++solved;
        }
    });
    REQUIRE(solved > 500);
}

TEST_CASE("implied volatility converges from difficult starting points") {
    // Deep out of the money and short-dated: vega is tiny, Newton alone would overshoot.
    BsInputs in = inputs(100, 140, 0.02, 0.05);
    double price = bs_price(OptionType::Call, in, 0.9);
    IvResult r = implied_vol(OptionType::Call, price, in);
    REQUIRE(r.ok());
    REQUIRE(r.vol == Approx(0.9).epsilon(1e-9));
    // Very high volatility, near the upper bound.
    in = inputs(100, 100, 2, 0.0);
    price = bs_price(OptionType::Call, in, 3.0);
    r = implied_vol(OptionType::Call, price, in);
    REQUIRE(r.ok());
    REQUIRE(r.vol == Approx(3.0).epsilon(1e-8));
}

TEST_CASE("implied volatility says why no volatility fits") {
    BsInputs in = inputs(100, 90, 0.5, 0.05);
    double floor_call = bs_lower_bound(OptionType::Call, in);
    REQUIRE(floor_call == Approx(100 - 90 * std::exp(-0.025)));
    REQUIRE(implied_vol(OptionType::Call, floor_call - 0.5, in).status == IvStatus::BelowIntrinsic);
    REQUIRE(implied_vol(OptionType::Call, floor_call, in).status == IvStatus::ZeroTimeValue);
    REQUIRE(implied_vol(OptionType::Put, 0.0, in).status == IvStatus::ZeroTimeValue);
    REQUIRE(implied_vol(OptionType::Put, -0.1, in).status == IvStatus::BelowIntrinsic);
    REQUIRE(implied_vol(OptionType::Call, 100.0, in).status == IvStatus::AboveUpperBound);
    REQUIRE(implied_vol(OptionType::Put, 90.0, in).status == IvStatus::AboveUpperBound);
    REQUIRE(implied_vol(OptionType::Call, 12.0, inputs(100, 90, 0, 0.05)).status ==
            IvStatus::NonPositiveTime);
    REQUIRE(implied_vol(OptionType::Call, 12.0, inputs(100, 90, -0.1, 0.05)).status ==
            IvStatus::NonPositiveTime);
    REQUIRE(implied_vol(OptionType::Call, NAN, in).status == IvStatus::InvalidInput);
    REQUIRE(implied_vol(OptionType::Call, 5.0, inputs(0, 90, 0.5, 0.05)).status == IvStatus::InvalidInput);
    IvResult bad = implied_vol(OptionType::Call, floor_call - 0.5, in);
    REQUIRE_FALSE(bad.value());
    REQUIRE(to_string(bad.status) == "price below intrinsic value");
    REQUIRE(implied_vol(OptionType::Call, 15.0, in).value());
    IvOptions one_step;
    one_step.max_iterations = 1;
    REQUIRE(implied_vol(OptionType::Call, 15.0, in, one_step).status == IvStatus::NoConvergence);
}

TEST_CASE("NIFTY expires weekly on Tuesday and BANKNIFTY on the last Tuesday of the month") {
    auto cal = sos::time::Calendar::nse_default();
    auto nifty = *expiry_rule_for("NIFTY");
    auto bank = *expiry_rule_for("BANKNIFTY");
    REQUIRE_FALSE(expiry_rule_for("RELIANCE"));

    // Wednesday 2024-07-03: the next two Tuesdays.
    REQUIRE(nearest_expiries(nifty, Date{2024, 7, 3}, cal) == std::vector<Date>{{2024, 7, 9}, {2024, 7, 16}});
    // On expiry day the expiring contract is still listed.
    REQUIRE(nearest_expiries(nifty, Date{2024, 7, 9}, cal).front() == Date{2024, 7, 9});
    REQUIRE(nearest_expiries(bank, Date{2024, 7, 3}, cal) == std::vector<Date>{{2024, 7, 30}, {2024, 8, 27}});
    REQUIRE(nearest_expiries(bank, Date{2024, 7, 31}, cal) ==
            std::vector<Date>{{2024, 8, 27}, {2024, 9, 24}});
    REQUIRE(nearest_expiries(bank, Date{2024, 12, 26}, cal) ==
            std::vector<Date>{{2024, 12, 31}, {2025, 1, 28}});
    const auto eight = nearest_expiries(nifty, Date{2025, 6, 2}, cal, 8);
    REQUIRE(eight.size() == 8);
    for (Date d : eight)
        REQUIRE(sos::time::weekday(d) == 2);
}

TEST_CASE("an expiry on a holiday moves to the previous trading day") {
    auto cal = sos::time::Calendar::nse_default();
    auto nifty = *expiry_rule_for("NIFTY");
    auto bank = *expiry_rule_for("BANKNIFTY");
    // Tuesday 2024-10-01 is a trading day and Wednesday 2024-10-02 a holiday; Tuesday
    // 2026-03-03 (Holi) is a holiday, so that week's NIFTY expiry is Monday 2026-03-02.
    REQUIRE(nearest_expiries(nifty, Date{2026, 2, 26}, cal) ==
            std::vector<Date>{{2026, 3, 2}, {2026, 3, 10}});
    // Seen from the Monday itself, the moved expiry is today.
    REQUIRE(nearest_expiries(nifty, Date{2026, 3, 2}, cal).front() == Date{2026, 3, 2});
    // Tuesday 2026-03-31 is a holiday and the last Tuesday of March: BANKNIFTY expires on
    // Monday 2026-03-30.
    REQUIRE(nearest_expiries(bank, Date{2026, 3, 10}, cal).front() == Date{2026, 3, 30});
    REQUIRE(adjust_to_trading_day(Date{2026, 3, 31}, cal) == Date{2026, 3, 30});
    REQUIRE(adjust_to_trading_day(Date{2026, 3, 24}, cal) == Date{2026, 3, 24});
}

TEST_CASE("a deep in-the-money short-dated price carries no volatility and says so") {
    // 22000 spot, 18000 strike, one hour left: at any volatility up to 30% the exact price is
    // the discounted intrinsic value to the last bit (4000.1335611483169 in the reference
    // grid), so the solver must report zero time value rather than invent a volatility.
    BsInputs in = inputs(22000, 18000, 1.0 / 8760, 0.065);
    for (double vol : {0.08, 0.15, 0.3}) {
        double call = bs_price(OptionType::Call, in, vol);
        REQUIRE(call == Approx(4000.1335611483169).epsilon(1e-15));
        IvResult r = implied_vol(OptionType::Call, call, in);
        REQUIRE(r.status == IvStatus::ZeroTimeValue);
        REQUIRE_FALSE(r.value());
    }
    // A stale print a rupee under that value is below intrinsic; a rupee over it has time
    // value a volatility can explain, and solving it back gives the same price.
    double floor = bs_lower_bound(OptionType::Call, in);
    REQUIRE(implied_vol(OptionType::Call, floor - 1, in).status == IvStatus::BelowIntrinsic);
    IvResult over = implied_vol(OptionType::Call, floor + 1, in);
    REQUIRE(over.ok());
    REQUIRE(bs_price(OptionType::Call, in, over.vol) == Approx(floor + 1).epsilon(1e-12));
}
