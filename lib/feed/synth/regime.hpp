// The hidden state that drives each synthetic index: trending up, trending down, or
// congestion. A day first gets a bias (a trend day up or down, or a range day), then the
// regime switches as a Markov process whose dwell times run from tens of minutes to hours
// and whose destinations favour the day's bias. Events carry the regime as ground truth
// (true_regime), so a regime detector can be scored against it.
#pragma once

#include <cstdint>
#include <string_view>

#include "feed/synth/rng.hpp"

namespace sos::feed::synth {

enum class Regime : std::uint8_t { TrendingUp, TrendingDown, Congestion };
enum class DayType : std::uint8_t { TrendUp, TrendDown, Range };

// TRENDING_UP, TRENDING_DOWN, CONGESTION: the true_regime strings.
std::string_view regime_name(Regime r);

class RegimeProcess {
public:
    // Draws the day's bias and the regime the session opens in.
    void start_day(Rng& rng);
    // One minute; true when the regime changed.
    bool step(Rng& rng);

    Regime regime() const { return regime_; }
    DayType day_type() const { return day_; }

private:
    Regime draw(Rng& rng, int exclude) const;

    DayType day_ = DayType::Range;
    Regime regime_ = Regime::Congestion;
};

}  // namespace sos::feed::synth
