// The indicators of one symbol's timeframe group, each distinct one held once. Strategies of a
// playbook read the same few indicators (atr, vwap, ema(candle.close, 20)) on the same candles:
// a call site of one strategy and a call site of another whose indicators are in the same
// state and will be fed the same inputs share one indicator, updated once per candle.
//
// Sharing is exact, never an approximation: two sites share only when their kind, period and
// input code are the same, their input reads nothing a tracker owns (no captured variable, no
// previous candle, no other indicator), their trackers have taken in the same candles (same
// last timestamp) and their saved states are equal to the bit. From there the same candles feed
// the same inputs to the same state, so the values stay equal; whenever trackers are remade
// (a reload, a restored state file) the group gives each tracker its own indicators back
// (own_indicators) and shares them again afterwards (share_indicators).
#pragma once

#include <climits>
#include <cstdint>
#include <vector>

#include "indicators/indicator.hpp"
#include "strategy/tracker.hpp"

namespace sos::strategy {

struct IndicatorBank {
    std::vector<indicators::Indicator> inds;
    // Each as it stands before the next candle of session day `values_day` (VWAP's value
    // depends on the day): read again for every entry when a candle of another day comes.
    std::vector<double> values;
    std::vector<double> inputs;     // this candle's input of each, set by the tracker feeding it
    std::vector<std::uint8_t> fed;  // 1: its feeding tracker took this candle, so it takes it too
    std::int64_t values_day = INT64_MIN;

    // After every tracker of the group has judged a candle (so all of them read the values as
    // they stood before it): the entries fed by a tracker that took the candle take it.
    void take(const indicators::Bar& bar, std::int64_t day) {
        for (std::size_t e = 0; e < inds.size(); ++e) {
            if (!fed[e]) continue;
            fed[e] = 0;
            inds[e].update(bar, inputs[e]);
            values[e] = inds[e].value(day);
        }
    }
    void read_values(std::int64_t day) {
        for (std::size_t e = 0; e < inds.size(); ++e)
            values[e] = inds[e].value(day);
        values_day = day;
    }
};

// Moves the trackers' own indicators into the bank, one entry for each set of equal sites (see
// above). Each tracker is left with `entries` (its sites' entries) and `feeds` (the sites whose
// entry it feeds: one tracker per entry).
void share_indicators(IndicatorBank& bank, std::vector<Tracker>& trackers);

// Gives every tracker its own copy of its sites' indicators back and empties the bank.
void own_indicators(IndicatorBank& bank, std::vector<Tracker>& trackers);

// A site's indicator wherever it is held: in the bank when the tracker's are shared, else its own.
const indicators::Indicator& site_indicator(const IndicatorBank& bank, const Tracker& t, std::size_t site);

// True when an indicator's input reads only what every tracker of a group sees alike on a
// candle: the candle, sentiment, regime and session minute (and its own temporaries).
bool input_is_common(const expr::Program& program, const expr::IndicatorSite& site);

}  // namespace sos::strategy
