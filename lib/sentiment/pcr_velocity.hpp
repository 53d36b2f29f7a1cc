// How fast the put–call ratio moves, per minute, over a configurable window: the change from
// the oldest reading inside the window to the newest, divided by the minutes between them.
// When the window holds no earlier reading (chains come less often than the window), the
// latest reading before it is the reference, as the bridge's (pcr - last_pcr) / dt did.
#pragma once

#include <deque>
#include <optional>

#include "time/timestamp.hpp"

namespace sos::sentiment {

class PcrVelocity {
public:
    explicit PcrVelocity(double window_minutes = 15)
        : window_ns_(static_cast<std::int64_t>(window_minutes * 60e9)) {}

    // Adds a reading (one at the same time as the last replaces it) and returns the velocity;
    // 0 for the first reading after a reset: no movement has been seen yet.
    double add(time::Timestamp t, double pcr);
    // A new session or a new front expiry: readings across it are not comparable.
    void reset() { readings_.clear(); }
    std::optional<double> last() const { return last_; }

private:
    struct Reading {
        time::Timestamp t;
        double pcr;
    };
    std::int64_t window_ns_;
    std::deque<Reading> readings_;
    std::optional<double> last_;
};

}  // namespace sos::sentiment
