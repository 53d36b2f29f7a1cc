// This machine's clock and second-to-nanosecond conversion, as the live sources (OpenAlgo tiers,
// Yahoo, a generic WebSocket) time their retries, watchdogs and HEALTH lines. The exchange's
// clock is theirs to map onto it; this is only the local one.
#pragma once

#include <chrono>
#include <cstdint>

#include "time/timestamp.hpp"

namespace sos::feed {

inline time::Timestamp wall_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}

// A span in seconds (settings are given so) as nanoseconds, the unit of time::Timestamp.
inline std::int64_t ns_of(double seconds) {
    return static_cast<std::int64_t>(seconds * 1e9);
}

}  // namespace sos::feed
