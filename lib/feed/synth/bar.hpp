// One synthetic 1-minute bar and how its high and low are drawn around the open and close.
#pragma once

#include <algorithm>
#include <cmath>

#include "feed/synth/rng.hpp"
#include "feed/synth/tick.hpp"

namespace sos::feed::synth {

struct Bar {
    double o = 0, h = 0, l = 0, c = 0, v = 0;  // prices on the tick, volume whole
};

// The high and low reach beyond the open and close by a half-normal multiple of the bar's
// volatility, as an intrabar path would. All four are rounded to the tick and the high and
// low widened after rounding, so l <= o, c <= h always holds.
inline void make_bar(double open, double close, double range_sigma, double volume, Rng& rng, Bar& out) {
    double hi = std::max(open, close) * std::exp(0.5 * range_sigma * std::abs(rng.normal()));
    double lo = std::min(open, close) * std::exp(-0.5 * range_sigma * std::abs(rng.normal()));
    out.o = round_tick(open);
    out.c = round_tick(close);
    out.h = std::max({round_tick(hi), out.o, out.c});
    out.l = std::min({round_tick(lo), out.o, out.c});
    out.v = std::round(volume);
}

}  // namespace sos::feed::synth
