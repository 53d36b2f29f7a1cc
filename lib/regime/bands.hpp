// Six thresholds cut a model's score into the seven regimes. A score on a threshold belongs
// to the band above it for positive thresholds and to the band below for negative ones, so
// the bands are symmetric around zero when the thresholds are.
#pragma once

#include <array>
#include <limits>

#include "vocab/regime.hpp"

namespace sos::regime {

using vocab::Regime;

struct Bands {
    // Ascending: the edges between complete bearish|bearish, ..., bullish|complete bullish.
    std::array<double, 6> edges{-60, -35, -15, 15, 35, 60};

    Regime band_of(double score) const;
    // The band's own edges; -inf / +inf at the ends.
    double lower_edge(Regime r) const {
        return index(r) == 0 ? -std::numeric_limits<double>::infinity()
                             : edges[static_cast<std::size_t>(index(r) - 1)];
    }
    double upper_edge(Regime r) const {
        return index(r) == 6 ? std::numeric_limits<double>::infinity()
                             : edges[static_cast<std::size_t>(index(r))];
    }
    // True when `score` lies beyond `current`'s band by more than `margin`: the hysteresis
    // rule for leaving a regime.
    bool beyond(Regime current, double score, double margin) const {
        return score > upper_edge(current) + margin || score < lower_edge(current) - margin;
    }
};

}  // namespace sos::regime
