// Candles for the timeframes a user asked for (--tf 1m,5m), from whatever the data carries:
// ticks become bars of every asked timeframe; closed bars are resampled into the larger asked
// timeframes that are whole multiples of theirs. A tick's volume is the growth of its
// cumulative day volume since the previous tick of the symbol.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "candles/bar_aggregator.hpp"
#include "candles/cumulative_volume.hpp"

namespace sos::candles {

class CandleBuilder {
public:
    // An empty `tfs` means: bars of 1m from ticks, and candles passed on as they come.
    CandleBuilder(std::vector<time::Timeframe> tfs, const time::Calendar& calendar);

    Fate add_tick(const event::Event& tick, std::vector<event::Event>& closed);
    // Returns whether the input candle itself should be written (its timeframe was asked
    // for, or no timeframes were given); built bars go to `closed`.
    struct CandleResult {
        Fate fate = Fate::Used;
        bool write_input = true;
    };
    CandleResult add_candle(const event::Event& candle, std::vector<event::Event>& closed);
    void advance(time::Timestamp now, std::vector<event::Event>& closed);
    void finish(std::vector<event::Event>& closed);

    std::uint64_t late() const;
    std::uint64_t outside_session() const;
    const std::vector<time::Timeframe>& timeframes() const { return tfs_; }

private:
    BarAggregator& resampler_for(time::Timeframe input_tf);

    std::vector<time::Timeframe> tfs_;
    const time::Calendar& calendar_;
    std::unique_ptr<BarAggregator> from_ticks_;
    std::map<int, std::unique_ptr<BarAggregator>> from_bars_;  // by input timeframe
    std::unordered_map<std::string, int> base_tf_;             // each symbol's smallest input tf
    std::unordered_map<std::string, CumulativeVolume> volume_;
};

}  // namespace sos::candles
