// The price path of one synthetic index, minute by minute: drift from the regime (up, down,
// or mean reversion to a level in congestion), volatility that clusters (a persistent
// day-level factor and an intraday stochastic factor fed by large moves), the intraday
// U-shape, overnight gaps, and a few wide-range, high-volume bars a day.
#pragma once

#include <cstdint>

#include "feed/synth/bar.hpp"
#include "feed/synth/index_profile.hpp"
#include "feed/synth/intraday_shape.hpp"
#include "feed/synth/regime.hpp"
#include "feed/synth/rng.hpp"

namespace sos::feed::synth {

class IndexModel {
public:
    IndexModel(const IndexProfile& profile, std::uint64_t seed);

    // A new session: the previous close becomes the reference, then the day's bias, its
    // volatility level and the overnight gap are drawn.
    void start_day();
    // One minute. `market_z` is the market-wide shock every index shares in part.
    void step(int minute, const IntradayShape& shape, double market_z);

    const Bar& bar() const { return bar_; }
    Regime regime() const { return regimes_.regime(); }
    DayType day_type() const { return regimes_.day_type(); }
    double prev_close() const { return prev_close_; }  // on the tick
    double level() const { return std::exp(x_); }      // unrounded close of the last minute
    double gap() const { return gap_; }                // log return of the overnight gap
    double minute_return() const { return ret_; }      // log return of the last minute
    double minute_sigma() const { return sigma_; }     // its volatility, U-shape included
    bool wide_bar() const { return wide_; }
    // Day volatility relative to normal: constituents scale their own noise by it.
    double day_vol_factor() const { return std::exp(day_log_); }
    // Activity relative to normal (regime, day, wide bar): constituents trade with the index.
    double volume_factor() const { return volume_factor_; }

private:
    IndexProfile profile_;
    Rng rng_;
    RegimeProcess regimes_;
    double sigma_base_;  // per-minute volatility of a normal day
    double x_;           // log level
    double anchor_ = 0;  // congestion mean-reverts to this log level
    double prev_close_;
    double day_log_ = 0;  // persistent day-to-day volatility factor (log)
    double sv_log_ = 0;   // intraday stochastic volatility (log)
    double gap_ = 0;
    double ret_ = 0, sigma_ = 0, volume_factor_ = 1;
    bool wide_ = false;
    Bar bar_;
};

}  // namespace sos::feed::synth
