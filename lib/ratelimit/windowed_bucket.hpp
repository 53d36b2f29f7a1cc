// One request budget under several windows at once ("10 per second" and "40 per minute"), on a
// clock the caller passes in (deterministic in tests, steady_clock in tools).
//
// Each window is a bucket of `limit` tokens where a token spent at t comes back at t + period:
// at most `limit` requests in ANY span of `period`. That is the rule OpenAlgo's server enforces
// (flask-limiter's moving window). A classic bucket refilled continuously at limit/period lets
// up to 2 x limit - 1 through in one span after an idle spell, which the server answers with 429s;
// this one never does. It remembers the last `limit` spending times per window, so memory is the
// sum of the limits (40 per minute: 40 time points).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "ratelimit/window_spec.hpp"

namespace sos::ratelimit {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

class WindowedBucket {
public:
    WindowedBucket() = default;  // no window: never limits (until held)
    explicit WindowedBucket(const std::vector<Window>& windows);

    // The earliest time, at or after `now`, at which take() succeeds.
    TimePoint next_allowed(TimePoint now) const;
    // Spends one token of every window if all have one at `now` (and no hold is on).
    bool try_take(TimePoint now);
    // Spends without asking: for a request that went out anyway (keeps the count honest).
    void take(TimePoint now);
    // Nothing is allowed before `until` (a 429's retry_after); a later hold extends it, an
    // earlier one does not shorten it.
    void hold_until(TimePoint until);
    TimePoint held_until() const { return held_until_; }

private:
    struct Slots {
        Window window;
        std::vector<TimePoint> spent;  // ring of the last `limit` spending times
        std::size_t next = 0;          // where the next spending goes (the oldest when full)
        std::size_t count = 0;
    };
    std::vector<Slots> windows_;
    TimePoint held_until_{};
};

}  // namespace sos::ratelimit
