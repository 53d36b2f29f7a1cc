// Open interest and traded volume of one expiry's options across strikes. OI is a smooth
// profile (largest near the money and at round strikes, puts heavier below spot and calls
// above) scaled by a few state variables that drift with the regime: put writing builds in
// an uptrend (PCR toward 1.2-1.5), call writing in a downtrend (toward 0.6-0.8), and both
// concentrate near the money in congestion (PCR near 1). Volume accrues per strike through
// the day and never goes down.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "feed/synth/regime.hpp"
#include "feed/synth/rng.hpp"
#include "time/civil.hpp"

namespace sos::feed::synth {

class ExpiryBook {
public:
    ExpiryBook(time::Date expiry, double gross_oi, double spot, double strike_step, double lot,
               std::uint64_t seed, Rng& rng);

    time::Date expiry() const { return expiry_; }
    // A new session: volume starts from zero and the next snapshot is the day's first.
    void start_day(double spot, int strikes_each_side);
    // One minute of OI drift toward what the regime calls for; `activity` is the minute's
    // trading relative to a normal minute.
    void advance(Regime regime, double spot, double activity, Rng& rng);

    struct Legs {
        std::span<double> call, put;
    };
    // OI now and at the day's first snapshot (taken on the first call of the day), rounded to
    // whole lots, and the day's cumulative volume, at `strikes` (equally spaced, ascending).
    void snapshot(std::span<const double> strikes, double spot, Legs oi, Legs oi_first, Legs volume);

private:
    struct State {
        double gross = 0, log_pcr = 0, center = 0, width = 6, spot = 0;
    };
    double weight(double strike, const State& s, bool call) const;
    double lots(double units) const;

    time::Date expiry_;
    double step_, lot_;
    std::uint64_t seed_;
    double gross_target_;
    State now_;
    State first_;
    double first_norm_call_ = 0, first_norm_put_ = 0;
    bool have_first_ = false;
    double activity_ = 0, activity_seen_ = 0;
    long vol_base_ = 0;
    std::vector<double> call_volume_, put_volume_;  // by strike index from vol_base_
};

}  // namespace sos::feed::synth
