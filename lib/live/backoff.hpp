// When to try a connection again: exponential back-off with jitter, about 1 s doubling to 30 s,
// never giving up (a feed that stops trying during market hours is worse than one that keeps
// knocking at the cap). The count of failures resets only once a connection has stayed up for
// a healthy period, so a socket that connects and drops at once (a reconnection storm, user
// needs §1.3) keeps backing off instead of hammering the broker's login. Deterministic: the
// jitter comes from a seeded generator, and "now" is always a parameter.
#pragma once

#include <cstdint>

#include "feed/synth/rng.hpp"
#include "time/timestamp.hpp"

namespace sos::live {

struct BackoffPolicy {
    double initial_s = 1;  // the first wait
    double max_s = 30;     // the cap
    double jitter = 0.5;   // a wait is nominal x (1 - jitter x U[0,1)): in (nominal/2, nominal] by default
    double healthy_after_s = 60;  // up this long, and the next failure starts again from initial_s
};

class Backoff {
public:
    Backoff(BackoffPolicy policy, std::uint64_t seed);

    // A connection attempt failed, or a connection was lost, at `now`: seconds to wait before
    // the next attempt.
    double next_delay(time::Timestamp now);
    // The connection is up (authenticated and subscribed) from `now`.
    void connected(time::Timestamp now);
    // Failures since the last healthy period.
    int failures() const { return failures_; }
    const BackoffPolicy& policy() const { return policy_; }

private:
    BackoffPolicy policy_;
    feed::synth::Rng rng_;
    int failures_ = 0;
    bool up_ = false;
    time::Timestamp up_since_{};
};

}  // namespace sos::live
