#include "live/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace sos::live {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed) : policy_(policy), rng_(seed, "backoff") {}

void Backoff::connected(time::Timestamp now) {
    up_ = true;
    up_since_ = now;
}

double Backoff::next_delay(time::Timestamp now) {
    if (up_ && (now.ns - up_since_.ns) >= static_cast<std::int64_t>(policy_.healthy_after_s * 1e9))
        failures_ = 0;
    up_ = false;
    // 2^failures stops growing once past the cap; the exponent is bounded so it never overflows.
    double nominal = std::min(policy_.max_s, policy_.initial_s * std::ldexp(1.0, std::min(failures_, 62)));
    ++failures_;
    return nominal * (1 - policy_.jitter * rng_.uniform());
}

}  // namespace sos::live
