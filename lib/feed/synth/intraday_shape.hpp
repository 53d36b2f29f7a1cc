// The shape of a trading day: volatility and volume are highest just after the open, lowest
// around midday, and rise again into the close. Tables hold one multiplier per minute of the
// session, scaled so the session's mean is 1, so a day's total volatility and volume do not
// depend on the shape.
#pragma once

#include <vector>

namespace sos::feed::synth {

class IntradayShape {
public:
    // Rebuilds the tables for a session of `minutes` minutes (375 for NSE, shorter for a
    // special session); a no-op when the length is unchanged.
    void resize(int minutes);
    int minutes() const { return static_cast<int>(vol_.size()); }
    double vol(int minute) const { return vol_[static_cast<std::size_t>(minute)]; }
    double volume(int minute) const { return volume_[static_cast<std::size_t>(minute)]; }

private:
    std::vector<double> vol_, volume_;
};

}  // namespace sos::feed::synth
