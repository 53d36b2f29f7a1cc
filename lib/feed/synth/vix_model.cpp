#include "feed/synth/vix_model.hpp"

#include <cmath>

namespace sos::feed::synth {

namespace {

constexpr double kMinutesPerYear = 375.0 * 252;
constexpr double kEwmaWeight = 1.0 / 200;  // about half a session of memory
const double kLogFloor = std::log(9.0);
const double kLogCap = std::log(45.0);

}  // namespace

VixModel::VixModel(std::uint64_t seed, double reference_minute_sigma)
    : rng_(seed, "INDIAVIX"), ewma_var_(reference_minute_sigma * reference_minute_sigma) {
    x_ = std::log(rng_.uniform(12.5, 16.5));
}

void VixModel::start_day() { x_ += 0.03 * rng_.normal(); }

void VixModel::step(double r) {
    ewma_var_ += kEwmaWeight * (r * r - ewma_var_);
    double realised = 100 * std::sqrt(ewma_var_ * kMinutesPerYear);
    double target = std::log(3.5 + 0.95 * realised);
    // Fear arrives at once and leaves slowly.
    double speed = target > x_ ? 0.03 : 0.006;
    double open = std::exp(x_);
    x_ += speed * (target - x_) + 0.002 * rng_.normal();
    if (x_ < kLogFloor) x_ = 2 * kLogFloor - x_;
    if (x_ > kLogCap) x_ = 2 * kLogCap - x_;
    make_bar(open, std::exp(x_), 0.003, 0, rng_, bar_);
}

}  // namespace sos::feed::synth
