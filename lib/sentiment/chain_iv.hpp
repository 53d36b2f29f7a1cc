// Implied volatility from one chain snapshot: the forward implied by put–call parity, the
// at-the-money IV on that forward, and the skew. Working on the parity forward (Black-76)
// rather than on spot and an assumed carry makes the ATM figure nearly independent of the
// configured rate, which only discounts. Every figure says why it is missing when it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "options/implied_vol.hpp"
#include "sentiment/strike_ladder.hpp"

namespace sos::sentiment {

struct IvSettings {
    double rate = 0.065;            // continuously compounded, annual: discounting only
    int parity_strikes = 3;         // strikes nearest spot whose parity forwards are pooled
    double max_forward_gap = 0.05;  // a parity forward further than this from spot is a bad quote
    int atm_search = 2;             // strikes either side of the forward tried when the nearest lack an IV
    double skew_distance = 0.01;    // skew strikes sit this fraction of the forward from ATM
};

struct ForwardEstimate {
    double forward = 0;
    int pairs = 0;             // strikes whose call and put gave a usable parity forward
    bool from_parity = false;  // false: spot carried at the rate, for want of usable pairs
};

// F_i = K_i + e^{rT} (C_i - P_i) at the `parity_strikes` strikes nearest spot that quote both
// legs; forwards beyond `max_forward_gap` of spot (crossed or stale quotes) are dropped and
// the median of the rest is taken, so one bad pair cannot move it.
ForwardEstimate implied_forward(const StrikeLadder& ladder, double spot, double years, const IvSettings& s);

// The Black-76 IV of one leg on forward F (a row without a usable price gives InvalidInput).
options::IvResult leg_iv(const event::StrikeRow& row, bool call, double forward, double years, double rate);

struct AtmIv {
    std::optional<double> iv;
    double forward = 0;
    double atm_strike = 0;
    // When iv is absent, what stood in the way: "expired", "empty chain", or the solver's
    // verdict on each leg of the strike nearest the forward ("strike 22000: call price below
    // intrinsic value, put no price").
    std::string why;
};

// The IV at the forward: each strike's IV is the mean of those of its two legs that solve;
// the two strikes bracketing F are interpolated linearly in strike; if only one of them has
// an IV it is used, else the nearest strike within `atm_search` steps that has one.
AtmIv atm_iv(const StrikeLadder& ladder, double spot, double years, const IvSettings& s);

struct Skew {
    std::optional<double> ratio;  // put IV / call IV
    double put_strike = 0, call_strike = 0;
};

// Put IV at ATM - d over call IV at ATM + d, ATM being the strike nearest the forward and d
// the multiple of the strike step nearest `skew_distance` x F (at least one step). Both
// strikes must be listed and both legs must solve.
Skew skew(const StrikeLadder& ladder, double forward, double years, const IvSettings& s);

}  // namespace sos::sentiment
