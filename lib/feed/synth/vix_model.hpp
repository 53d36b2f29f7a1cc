// India VIX, synthetic: it tracks NIFTY's realised volatility (an EWMA of de-seasonalised
// one-minute returns, annualised) plus a premium and noise, rising fast when volatility
// jumps and bleeding off slowly, held within 9..45.
#pragma once

#include <cstdint>

#include "feed/synth/bar.hpp"
#include "feed/synth/rng.hpp"

namespace sos::feed::synth {

class VixModel {
public:
    VixModel(std::uint64_t seed, double reference_minute_sigma);

    void start_day();
    // `deseasonalised_return`: the index's minute return divided by the U-shape, so the open's
    // burst of activity does not read as a volatility shock.
    void step(double deseasonalised_return);

    const Bar& bar() const { return bar_; }
    double level() const { return std::exp(x_); }

private:
    Rng rng_;
    double ewma_var_;
    double x_;  // log level
    Bar bar_;
};

}  // namespace sos::feed::synth
