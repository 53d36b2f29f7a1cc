#include "feed/synth/regime.hpp"

#include <array>

namespace sos::feed::synth {

namespace {

// How much of each kind of day each regime takes, indexed [day type][regime].
constexpr std::array<std::array<double, 3>, 3> kWeights = {{
    {0.65, 0.08, 0.27},  // trend day up
    {0.08, 0.65, 0.27},  // trend day down
    {0.15, 0.15, 0.70},  // range day
}};

// Mean minutes spent in a regime before it switches.
constexpr std::array<double, 3> kDwell = {100, 100, 80};

constexpr std::array<double, 3> kDayTypeOdds = {0.3, 0.3, 0.4};

}  // namespace

std::string_view regime_name(Regime r) {
    switch (r) {
        case Regime::TrendingUp:
            return "TRENDING_UP";
        case Regime::TrendingDown:
            return "TRENDING_DOWN";
        case Regime::Congestion:
            return "CONGESTION";
    }
    return "CONGESTION";
}

Regime RegimeProcess::draw(Rng& rng, int exclude) const {
    const auto& w = kWeights[static_cast<std::size_t>(day_)];
    double total = 0;
    for (int i = 0; i < 3; ++i)
        if (i != exclude) total += w[static_cast<std::size_t>(i)];
    double u = rng.uniform() * total;
    for (int i = 0; i < 3; ++i) {
        if (i == exclude) continue;
        u -= w[static_cast<std::size_t>(i)];
        if (u < 0) return static_cast<Regime>(i);
    }
    return exclude == 2 ? Regime::TrendingDown : Regime::Congestion;
}

void RegimeProcess::start_day(Rng& rng) {
    double u = rng.uniform();
    day_ = u < kDayTypeOdds[0]                     ? DayType::TrendUp
           : u < kDayTypeOdds[0] + kDayTypeOdds[1] ? DayType::TrendDown
                                                   : DayType::Range;
    regime_ = draw(rng, -1);
}

bool RegimeProcess::step(Rng& rng) {
    if (!rng.chance(1.0 / kDwell[static_cast<std::size_t>(regime_)])) return false;
    regime_ = draw(rng, static_cast<int>(regime_));
    return true;
}

}  // namespace sos::feed::synth
