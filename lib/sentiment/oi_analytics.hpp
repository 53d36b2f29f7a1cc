// Open-interest figures of one chain snapshot: the put–call ratios, the OI walls either side
// of spot, and max pain. Each is absent when the chain cannot support it (no strikes, only
// one side listed, no open interest at all): a missing figure is honest, a zero would not be.
#pragma once

#include <optional>

#include "sentiment/strike_ladder.hpp"

namespace sos::sentiment {

struct PutCallRatios {
    std::optional<double> oi;      // total put OI / total call OI
    std::optional<double> volume;  // total put volume / total call volume (the day's)
};

// Needs both sides listed and a positive call total; a leg's missing or negative figure
// counts as zero.
PutCallRatios put_call_ratios(const StrikeLadder& ladder);

struct WallRule {
    // A wall must lie at least this many strike steps from the at-the-money strike (the
    // strike nearest spot) and at least this fraction of spot from spot: without it the
    // largest OI is usually the ATM strike itself, which says nothing about resistance.
    int min_steps = 1;
    double min_fraction = 0;
};

struct OiWalls {
    std::optional<double> above;  // strike above spot with the largest call OI
    std::optional<double> below;  // strike below spot with the largest put OI
};

// A tie goes to the strike nearer spot. A side whose OI is zero everywhere has no wall.
OiWalls oi_walls(const StrikeLadder& ladder, double spot, const WallRule& rule);

// The listed strike at which option holders as a whole would be paid least at expiry (the
// sum over strikes of call OI x (S - K)+ and put OI x (K - S)+, at S = each listed strike).
// A tie goes to the strike nearer spot, then the lower. Needs open interest on both sides.
std::optional<double> max_pain(const StrikeLadder& ladder, double spot);

}  // namespace sos::sentiment
