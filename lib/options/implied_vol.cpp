#include "options/implied_vol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "options/normal.hpp"

namespace sos::options {

std::string_view to_string(IvStatus s) {
    switch (s) {
        case IvStatus::Ok:
            return "ok";
        case IvStatus::InvalidInput:
            return "invalid input";
        case IvStatus::NonPositiveTime:
            return "non-positive time to expiry";
        case IvStatus::BelowIntrinsic:
            return "price below intrinsic value";
        case IvStatus::ZeroTimeValue:
            return "price has no time value";
        case IvStatus::AboveUpperBound:
            return "price above the upper bound";
        case IvStatus::NoConvergence:
            return "no convergence";
    }
    return "unknown";
}

namespace {

// The price as a function of total volatility w, on discounted spot and strike.
struct Pricer {
    double s = 0;  // spot * exp(-q T)
    double k = 0;  // strike * exp(-r T)
    double log_fk = 0;
    double w_sign = 1;

    double d1(double w) const { return log_fk / w + 0.5 * w; }
    double price(double w) const {
        double unused;
        return price(w, unused);
    }
    // Also gives the size of the terms whose difference is the price: its rounding noise.
    double price(double w, double& scale) const {
        if (w <= 0) {
            scale = s + k;
            return std::max(w_sign * (s - k), 0.0);
        }
        double a = d1(w);
        double sn = s * norm_cdf(w_sign * a), kn = k * norm_cdf(w_sign * (a - w));
        scale = sn + kn;
        return w_sign * (sn - kn);
    }
    double vega(double w) const { return w <= 0 ? 0 : s * norm_pdf(d1(w)); }
};

bool finite(double x) {
    return std::isfinite(x);
}

}  // namespace

IvResult implied_vol(OptionType type, double price, const BsInputs& in, const IvOptions& opt) {
    IvResult r;
    if (!finite(price) || !finite(in.spot) || !finite(in.strike) || !finite(in.years) || !finite(in.rate) ||
        !finite(in.dividend_yield) || in.spot <= 0 || in.strike <= 0) {
        r.status = IvStatus::InvalidInput;
        return r;
    }
    if (in.years <= 0) {
        r.status = IvStatus::NonPositiveTime;
        return r;
    }
    double lower = bs_lower_bound(type, in);
    double upper = bs_upper_bound(type, in);
    double tol = opt.bound_tolerance * std::max(in.spot, in.strike);
    if (price < lower - tol) {
        r.status = IvStatus::BelowIntrinsic;
        return r;
    }
    if (price <= lower + tol) {
        r.status = IvStatus::ZeroTimeValue;
        return r;
    }
    if (price >= upper - tol) {
        r.status = IvStatus::AboveUpperBound;
        return r;
    }

    Pricer p;
    p.s = in.spot * std::exp(-in.dividend_yield * in.years);
    p.k = in.strike * std::exp(-in.rate * in.years);
    p.log_fk = std::log(p.s / p.k);
    p.w_sign = type == OptionType::Call ? 1.0 : -1.0;

    // Bracket [lo, hi]: the price at zero volatility is the floor, below the target; grow hi
    // until its price passes the target. At w = 64 the price equals the upper bound in
    // doubles, so a target below that bound is always bracketed.
    double lo = 0, hi = 1;
    while (p.price(hi) < price) {
        lo = hi;
        hi *= 2;
        if (hi > 64) {
            r.status = IvStatus::AboveUpperBound;
            return r;
        }
    }
    // Start at the inflection point of price in w, from which Newton's steps do not
    // overshoot; at the money it is zero, so use the at-the-money approximation instead.
    double x = std::sqrt(2 * std::abs(p.log_fk));
    if (x <= lo || x >= hi) x = std::clamp(std::sqrt(2 * std::numbers::pi) * price / p.s, lo, hi);
    if (x <= lo || x >= hi) x = 0.5 * (lo + hi);

    double last_step = hi - lo;
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    r.status = IvStatus::NoConvergence;
    for (int i = 1; i <= opt.max_iterations; ++i) {
        r.iterations = i;
        double scale = 0;
        double f = p.price(x, scale) - price;
        if (f == 0) {
            r.status = IvStatus::Ok;
            break;
        }
        if (f < 0)
            lo = x;
        else
            hi = x;
        double v = p.vega(x);
        double next = v > 0 ? x - f / v : lo - 1;
        // At the price's own rounding noise one more Newton step is the best x can get.
        if (std::abs(f) <= 64 * kEps * scale) {
            if (next >= lo && next <= hi) x = next;
            r.status = IvStatus::Ok;
            break;
        }
        double step = std::abs(next - x);
        if (!(next > lo && next < hi) || step > 0.5 * last_step) {
            next = 0.5 * (lo + hi);
            step = std::abs(next - x);
        }
        last_step = step;
        x = next;
        if (step <= 16 * kEps * x || hi - lo <= 16 * kEps * hi) {
            r.status = IvStatus::Ok;
            break;
        }
    }
    r.vol = x / std::sqrt(in.years);
    return r;
}

}  // namespace sos::options
