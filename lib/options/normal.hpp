// The standard normal density and distribution function, as Black–Scholes needs them.
// erfc keeps the far tails accurate in relative terms, which the implied-volatility solver
// relies on for deep out-of-the-money prices.
#pragma once

#include <cmath>

namespace sos::options {

inline constexpr double kInvSqrt2 = 0.70710678118654752440;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;

inline double norm_pdf(double x) {
    return kInvSqrt2Pi * std::exp(-0.5 * x * x);
}
inline double norm_cdf(double x) {
    return 0.5 * std::erfc(-x * kInvSqrt2);
}

}  // namespace sos::options
