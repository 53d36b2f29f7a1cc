// Implied volatility: the Black–Scholes volatility that reproduces a given option price.
// When no volatility fits, the result says why, because a chain's odd quote (stale, below
// intrinsic, at expiry) must be told apart from a solver failure.
#pragma once

#include <optional>
#include <string_view>

#include "options/black_scholes.hpp"

namespace sos::options {

enum class IvStatus : std::uint8_t {
    Ok,
    InvalidInput,     // spot, strike or price not finite, or spot or strike not positive
    NonPositiveTime,  // years <= 0: the option is expired and its price is its intrinsic value
    BelowIntrinsic,   // price below the discounted intrinsic value (the no-arbitrage floor)
    ZeroTimeValue,    // price equal to that floor: only a volatility of zero fits
    AboveUpperBound,  // price at or above discounted spot (call) or strike (put)
    NoConvergence,    // a bracketed root exists but the iteration limit ran out first
};

std::string_view to_string(IvStatus s);

struct IvResult {
    IvStatus status = IvStatus::InvalidInput;
    double vol = 0;  // annualised, as a fraction; meaningful only when ok()
    int iterations = 0;

    bool ok() const { return status == IvStatus::Ok; }
    std::optional<double> value() const { return ok() ? std::optional<double>(vol) : std::nullopt; }
};

struct IvOptions {
    int max_iterations = 100;
    // Prices within this fraction of max(spot, strike) of a bound count as at the bound:
    // a root so close to it is determined by rounding noise, not by the price.
    double bound_tolerance = 1e-14;
};

// Newton's method on total volatility (vol * sqrt(years)) inside a bracket that every step
// narrows; a step that would leave the bracket or converge too slowly becomes a bisection.
// The price is increasing in volatility, so the bracket always holds the root and the
// result is found to the limit of double precision wherever the price is not itself noise.
IvResult implied_vol(OptionType type, double price, const BsInputs& in, const IvOptions& opt = {});

}  // namespace sos::options
