#include "feed/synth/expiry_book.hpp"

#include <algorithm>
#include <cmath>

namespace sos::feed::synth {

namespace {

// Strikes either side of the session's opening money kept for volume: far beyond any
// intraday move.
constexpr long kVolumeReach = 600;

double pcr_target(Regime r) {
    switch (r) {
        case Regime::TrendingUp:
            return 1.35;
        case Regime::TrendingDown:
            return 0.7;
        case Regime::Congestion:
            return 1.0;
    }
    return 1.0;
}

double width_target(Regime r) {
    return r == Regime::Congestion ? 4.0 : 7.0;
}

double sigmoid(double x) {
    return 1 / (1 + std::exp(-x));
}

}  // namespace

ExpiryBook::ExpiryBook(time::Date expiry, double gross_oi, double spot, double strike_step, double lot,
                       std::uint64_t seed, Rng& rng)
    : expiry_(expiry),
      step_(strike_step),
      lot_(lot),
      seed_(hash_mix(seed, time::days_from_civil(expiry))),
      gross_target_(gross_oi) {
    now_.gross = gross_oi * rng.uniform(0.7, 0.9);
    now_.log_pcr = 0.1 * rng.normal();
    now_.center = spot;
    now_.spot = spot;
}

void ExpiryBook::start_day(double spot, int strikes_each_side) {
    have_first_ = false;
    activity_ = activity_seen_ = 0;
    long reach = strikes_each_side + kVolumeReach;
    vol_base_ = std::lround(spot / step_) - reach;
    call_volume_.assign(static_cast<std::size_t>(2 * reach + 1), 0.0);
    put_volume_.assign(call_volume_.size(), 0.0);
}

void ExpiryBook::advance(Regime regime, double spot, double activity, Rng& rng) {
    now_.log_pcr += (std::log(pcr_target(regime)) - now_.log_pcr) / 40 + 0.008 * rng.normal();
    now_.gross *= std::exp((std::log(gross_target_) - std::log(now_.gross)) / 800 + 0.0015 * rng.normal());
    now_.center += (spot - now_.center) / 90;
    now_.width += (width_target(regime) - now_.width) / 60;
    now_.spot = spot;
    activity_ += activity;
}

double ExpiryBook::weight(double strike, const State& s, bool call) const {
    double x = (strike - s.center) / (step_ * s.width);
    double profile = 0.1 + std::exp(-0.5 * x * x);
    long k = std::lround(strike);
    double round = k % 1000 == 0                          ? 2.0
                   : k % 500 == 0                         ? 1.5
                   : std::lround(strike / step_) % 2 == 0 ? 1.1
                                                          : 1.0;
    double side = 0.3 + 1.4 * sigmoid((call ? strike - s.spot : s.spot - strike) / (2.5 * step_));
    // Fixed per strike and leg for the life of the expiry: the irregularity of a real chain.
    double noise = 0.75 + 0.5 * unit_interval(hash_mix(seed_, static_cast<std::uint64_t>(k), call ? 1 : 2));
    return profile * round * side * noise;
}

double ExpiryBook::lots(double units) const {
    return std::max(0.0, std::round(units / lot_)) * lot_;
}

void ExpiryBook::snapshot(std::span<const double> strikes, double spot, Legs oi, Legs oi_first, Legs volume) {
    const std::size_t n = strikes.size();
    // The profile is for a 31-strike window; a wider or narrower chain shows more or less.
    const double gross = now_.gross * static_cast<double>(n) / 31.0;
    const double pcr = std::exp(now_.log_pcr);
    double norm_call = 0, norm_put = 0;
    for (std::size_t i = 0; i < n; ++i) {
        oi.call[i] = weight(strikes[i], now_, true);
        oi.put[i] = weight(strikes[i], now_, false);
        norm_call += oi.call[i];
        norm_put += oi.put[i];
    }
    if (!have_first_) {
        have_first_ = true;
        first_ = now_;
        first_.gross = gross;
        first_norm_call_ = norm_call;
        first_norm_put_ = norm_put;
    }
    const double call_total = gross / (1 + pcr), put_total = gross * pcr / (1 + pcr);
    const double first_pcr = std::exp(first_.log_pcr);
    const double first_call = first_.gross / (1 + first_pcr),
                 first_put = first_.gross * first_pcr / (1 + first_pcr);
    const double new_activity = activity_ - activity_seen_;
    activity_seen_ = activity_;
    // A normal minute trades about a hundredth of the expiry's open interest.
    const double traded = new_activity * 0.01 * gross_target_;
    for (std::size_t i = 0; i < n; ++i) {
        double k = strikes[i];
        oi.call[i] = lots(call_total * oi.call[i] / norm_call);
        oi.put[i] = lots(put_total * oi.put[i] / norm_put);
        oi_first.call[i] = lots(first_call * weight(k, first_, true) / first_norm_call_);
        oi_first.put[i] = lots(first_put * weight(k, first_, false) / first_norm_put_);
        double x = (k - spot) / (3 * step_);
        double near = std::exp(-0.5 * x * x) + 0.02;
        long idx = std::lround(k / step_) - vol_base_;
        if (idx >= 0 && static_cast<std::size_t>(idx) < call_volume_.size()) {
            auto j = static_cast<std::size_t>(idx);
            call_volume_[j] += traded * near * (k >= spot ? 0.13 : 0.07);
            put_volume_[j] += traded * near * (k <= spot ? 0.13 : 0.07);
            volume.call[i] = std::floor(call_volume_[j] / lot_) * lot_;
            volume.put[i] = std::floor(put_volume_[j] / lot_) * lot_;
        } else {
            volume.call[i] = volume.put[i] = 0;
        }
    }
}

}  // namespace sos::feed::synth
