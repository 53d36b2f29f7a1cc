#include "feed/synth/index_model.hpp"

#include <algorithm>
#include <cmath>

namespace sos::feed::synth {

namespace {

constexpr double kNominalMinutes = 375;
constexpr double kMarketCorrelation = 0.75;
// Drift of a trend in units of the minute's volatility: about 0.8% over a few trending hours.
constexpr double kTrendDrift = 0.07;
// Pull back to the congestion level per minute: a half-life of about 20 minutes.
constexpr double kReversion = 0.035;
constexpr double kWideBarOdds = 3.5 / 375;

double regime_vol(Regime r) {
    return r == Regime::Congestion ? 0.75 : 1.15;
}
double regime_volume(Regime r) {
    return r == Regime::Congestion ? 0.8 : 1.25;
}

}  // namespace

IndexModel::IndexModel(const IndexProfile& profile, std::uint64_t seed)
    : profile_(profile),
      rng_(seed, profile.symbol),
      sigma_base_(profile.daily_vol / std::sqrt(kNominalMinutes)) {
    double level = rng_.uniform(profile.level_lo, profile.level_hi);
    x_ = std::log(level);
    prev_close_ = round_tick(level);
    day_log_ = 0.2 * rng_.normal();
}

void IndexModel::start_day() {
    prev_close_ = round_tick(std::exp(x_));
    regimes_.start_day(rng_);
    day_log_ = std::clamp(0.7 * day_log_ + 0.18 * rng_.normal(), -0.6, 0.9);
    sv_log_ *= 0.5;
    double bias = regimes_.day_type() == DayType::TrendUp     ? 0.001
                  : regimes_.day_type() == DayType::TrendDown ? -0.001
                                                              : 0.0;
    gap_ = bias + 0.4 * profile_.daily_vol * std::exp(day_log_) * rng_.normal();
    x_ += gap_;
    anchor_ = x_;
}

void IndexModel::step(int minute, const IntradayShape& shape, double market_z) {
    if (regimes_.step(rng_) && regime() == Regime::Congestion) anchor_ = x_;
    const Regime r = regime();
    const double level_sigma = sigma_base_ * std::exp(day_log_ + sv_log_);
    sigma_ = level_sigma * shape.vol(minute) * regime_vol(r);
    const double z = kMarketCorrelation * market_z +
                     std::sqrt(1 - kMarketCorrelation * kMarketCorrelation) * rng_.normal();
    double drift = r == Regime::TrendingUp     ? kTrendDrift * level_sigma
                   : r == Regime::TrendingDown ? -kTrendDrift * level_sigma
                                               : -kReversion * (x_ - anchor_);
    ret_ = drift + sigma_ * z;
    wide_ = rng_.chance(kWideBarOdds);
    double volume_boost = 1;
    if (wide_) {
        // A burst, mostly with the trend; in congestion it can go either way.
        double dir = r == Regime::TrendingUp     ? (rng_.chance(0.75) ? 1 : -1)
                     : r == Regime::TrendingDown ? (rng_.chance(0.75) ? -1 : 1)
                                                 : (rng_.chance(0.5) ? 1 : -1);
        ret_ += dir * sigma_ * (2.5 + 1.5 * std::abs(rng_.normal()));
        volume_boost = rng_.uniform(3, 6);
    }
    const double open = std::exp(x_);
    x_ += ret_;
    // Volatility feeds on surprises: big moves raise it, quiet minutes let it decay.
    sv_log_ = std::clamp(
        0.97 * sv_log_ + 0.05 * (std::abs(z) - 0.8) + 0.03 * rng_.normal() + (wide_ ? 0.25 : 0), -0.8, 1.2);
    volume_factor_ = regime_volume(r) * std::exp(0.5 * day_log_) * volume_boost;
    double volume = profile_.minute_volume * shape.volume(minute) * volume_factor_ *
                    (0.75 + 0.3 * std::abs(z)) * std::exp(0.25 * rng_.normal() - 0.03);
    make_bar(open, std::exp(x_), sigma_ * (wide_ ? 1.6 : 1.0), volume, rng_, bar_);
}

}  // namespace sos::feed::synth
