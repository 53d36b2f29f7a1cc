#include "options/black_scholes.hpp"

#include <algorithm>
#include <cmath>

#include "options/normal.hpp"

namespace sos::options {

namespace {

// The pieces every formula shares, computed once.
struct Terms {
    double df_r = 1;  // exp(-r T)
    double df_q = 1;  // exp(-q T)
    double sqrt_t = 0;
    double d1 = 0;
    double d2 = 0;
    bool degenerate = true;  // no time or no volatility: intrinsic value only
};

Terms terms(const BsInputs& in, double vol) {
    Terms t;
    if (in.years <= 0) return t;
    t.df_r = std::exp(-in.rate * in.years);
    t.df_q = std::exp(-in.dividend_yield * in.years);
    if (!(vol > 0)) return t;
    t.sqrt_t = std::sqrt(in.years);
    double w = vol * t.sqrt_t;
    t.d1 = (std::log(in.spot / in.strike) + (in.rate - in.dividend_yield) * in.years) / w + 0.5 * w;
    t.d2 = t.d1 - w;
    t.degenerate = false;
    return t;
}

double sign(OptionType type) {
    return type == OptionType::Call ? 1.0 : -1.0;
}

// The limit of delta as volatility goes to zero: a step at the forward.
double step_delta(OptionType type, const BsInputs& in, const Terms& t) {
    double fwd_minus_k = in.spot * t.df_q - in.strike * t.df_r;
    double itm = sign(type) * fwd_minus_k;
    if (itm > 0) return sign(type) * t.df_q;
    if (itm == 0) return 0.5 * sign(type) * t.df_q;
    return 0;
}

}  // namespace

double bs_forward(const BsInputs& in) {
    return in.spot * std::exp((in.rate - in.dividend_yield) * std::max(in.years, 0.0));
}

double bs_lower_bound(OptionType type, const BsInputs& in) {
    double years = std::max(in.years, 0.0);
    double s = in.spot * std::exp(-in.dividend_yield * years);
    double k = in.strike * std::exp(-in.rate * years);
    return std::max(sign(type) * (s - k), 0.0);
}

double bs_upper_bound(OptionType type, const BsInputs& in) {
    double years = std::max(in.years, 0.0);
    return type == OptionType::Call ? in.spot * std::exp(-in.dividend_yield * years)
                                    : in.strike * std::exp(-in.rate * years);
}

Greeks bs_greeks(OptionType type, const BsInputs& in, double vol) {
    Terms t = terms(in, vol);
    Greeks g;
    if (t.degenerate) {
        g.price = bs_lower_bound(type, in);
        if (in.years <= 0) {
            double itm = sign(type) * (in.spot - in.strike);
            g.delta = itm > 0 ? sign(type) : itm == 0 ? 0.5 * sign(type) : 0;
            return g;
        }
        g.delta = step_delta(type, in, t);
        if (g.price > 0) {
            // The discounted intrinsic value still decays (or grows) with the carry.
            double s = in.spot * t.df_q, k = in.strike * t.df_r;
            g.theta = sign(type) * (in.dividend_yield * s - in.rate * k);
        }
        return g;
    }
    double s = in.spot * t.df_q;
    double k = in.strike * t.df_r;
    double pdf = norm_pdf(t.d1);
    double w = sign(type);
    double nd1 = norm_cdf(w * t.d1);
    double nd2 = norm_cdf(w * t.d2);
    g.price = std::max(w * (s * nd1 - k * nd2), 0.0);
    g.delta = w * t.df_q * nd1;
    g.gamma = t.df_q * pdf / (in.spot * vol * t.sqrt_t);
    g.vega = s * pdf * t.sqrt_t;
    g.theta = -s * pdf * vol / (2 * t.sqrt_t) - w * in.rate * k * nd2 + w * in.dividend_yield * s * nd1;
    return g;
}

double bs_price(OptionType type, const BsInputs& in, double vol) {
    Terms t = terms(in, vol);
    if (t.degenerate)
        return in.years <= 0 ? std::max(sign(type) * (in.spot - in.strike), 0.0) : bs_lower_bound(type, in);
    double w = sign(type);
    double s = in.spot * t.df_q, k = in.strike * t.df_r;
    return std::max(w * (s * norm_cdf(w * t.d1) - k * norm_cdf(w * t.d2)), 0.0);
}

double bs_delta(OptionType type, const BsInputs& in, double vol) {
    return bs_greeks(type, in, vol).delta;
}
double bs_gamma(const BsInputs& in, double vol) {
    return bs_greeks(OptionType::Call, in, vol).gamma;
}
double bs_vega(const BsInputs& in, double vol) {
    return bs_greeks(OptionType::Call, in, vol).vega;
}
double bs_theta(OptionType type, const BsInputs& in, double vol) {
    return bs_greeks(type, in, vol).theta;
}

}  // namespace sos::options
