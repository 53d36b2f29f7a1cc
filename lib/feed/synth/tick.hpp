// Exchange price rounding. Dividing by the number of ticks per rupee (rather than multiplying
// by the tick) gives the double nearest the decimal price, so 21000.05 prints as 21000.05.
#pragma once

#include <cmath>

namespace sos::feed::synth {

inline constexpr double kTicksPerRupee = 20;  // NSE's 0.05 tick

inline double round_tick(double price) {
    return std::round(price * kTicksPerRupee) / kTicksPerRupee;
}

// For derived figures (iv, delta) printed to a fixed number of decimals.
inline double round_decimals(double x, double scale) {
    return std::round(x * scale) / scale + 0.0;
}  // no -0

}  // namespace sos::feed::synth
