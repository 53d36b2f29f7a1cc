// Black–Scholes–Merton prices and greeks of European options, with an optional continuous
// dividend (or carry) yield. Index options on NSE are European, so this prices them exactly
// under the model's assumptions.
#pragma once

#include <cstdint>

namespace sos::options {

enum class OptionType : std::uint8_t { Call, Put };

// Everything about the contract and the market except volatility. Rates and yields are
// continuously compounded and annual; `years` is the time to expiry.
struct BsInputs {
    double spot = 0;
    double strike = 0;
    double years = 0;
    double rate = 0;
    double dividend_yield = 0;  // q: the forward is spot * exp((rate - q) * years)
};

// Units: vega per 1.00 of volatility (divide by 100 for one vol point); theta per year of
// calendar time passing (divide by 365 for one day), so a long option's theta is negative.
struct Greeks {
    double price = 0;
    double delta = 0;
    double gamma = 0;
    double vega = 0;
    double theta = 0;
};

// With years <= 0 or vol <= 0 the option is worth its (discounted) intrinsic value and the
// greeks are their limits: delta a step, gamma and vega zero.
double bs_price(OptionType type, const BsInputs& in, double vol);
double bs_delta(OptionType type, const BsInputs& in, double vol);
double bs_gamma(const BsInputs& in, double vol);
double bs_vega(const BsInputs& in, double vol);
double bs_theta(OptionType type, const BsInputs& in, double vol);
// All of the above from one evaluation of d1 and d2: what a chain builder wants.
Greeks bs_greeks(OptionType type, const BsInputs& in, double vol);

// The forward price and the no-arbitrage bounds any European price must respect.
double bs_forward(const BsInputs& in);
double bs_lower_bound(OptionType type, const BsInputs& in);  // discounted intrinsic value
double bs_upper_bound(OptionType type, const BsInputs& in);  // discounted spot or strike

}  // namespace sos::options
