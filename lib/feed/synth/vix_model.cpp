#include "feed/synth/vix_model.hpp"

#include <cmath>

namespace sos::feed::synth {

namespace {

constexpr double kMinutesPerYear = 375.0 * 252;
constexpr double kEwmaWeight = 1.0 / 375;  // about a session of memory
const double kLogFloor = std::log(9.0);
const double kLogCap = std::log(45.0);

}  // namespace

VixModel::VixModel(std::uint64_t seed, double reference_minute_sigma)
    : rng_(seed, "INDIAVIX"), ewma_var_(reference_minute_sigma * reference_minute_sigma) {
    x_ = std::log(rng_.uniform(12.5, 16.5));
}

namespace {

// Reflects the log level back inside the band rather than pinning it at an edge.
double reflect(double x) {
    if (x < kLogFloor) x = 2 * kLogFloor - x;
    if (x > kLogCap) x = 2 * kLogCap - x;
    return x;
}

}  // namespace

void VixModel::start_day() {
    x_ = reflect(x_ + 0.03 * rng_.normal());
}

void VixModel::step(double r) {
    ewma_var_ += kEwmaWeight * (r * r - ewma_var_);
    double realised = 100 * std::sqrt(ewma_var_ * kMinutesPerYear);
    double target = std::log(6 + 0.8 * realised);
    // Fear arrives at once and leaves slowly.
    double speed = target > x_ ? 0.012 : 0.003;
    double open = std::exp(x_);
    x_ = reflect(x_ + speed * (target - x_) + 0.002 * rng_.normal());
    make_bar(open, std::exp(x_), 0.003, 0, rng_, bar_);
}

}  // namespace sos::feed::synth
