#include "sentiment/pcr_velocity.hpp"

namespace sos::sentiment {

double PcrVelocity::add(time::Timestamp t, double pcr) {
    if (!readings_.empty() && readings_.back().t >= t) {
        readings_.back().pcr = pcr;
        if (readings_.size() == 1) return *(last_ = 0.0);
        readings_.pop_back();
    }
    // Keep the latest reading at or before the window's start (the fallback reference) and
    // everything after it.
    const time::Timestamp start{t.ns - window_ns_};
    while (readings_.size() >= 2 && readings_[1].t <= start)
        readings_.pop_front();
    readings_.push_back({t, pcr});
    if (readings_.size() == 1) return *(last_ = 0.0);
    // The oldest reading inside the window, or the fallback when the window holds none.
    const Reading& ref =
        readings_.front().t >= start || readings_.size() == 2 ? readings_.front() : readings_[1];
    const double minutes = static_cast<double>(t.ns - ref.t.ns) / 60e9;
    return *(last_ = minutes > 0 ? (pcr - ref.pcr) / minutes : 0.0);
}

}  // namespace sos::sentiment
