// The series a CANDLE or TICK belongs to, as the time-order check keys them: its symbol, its
// timeframe for candles (0 for ticks), and history apart from live data. Series are numbered
// 0, 1, 2, ... as first seen, so whoever keeps something per series keeps it in a vector.
//
// Written by hand rather than as a std::unordered_map: the time-order check looks a series up
// for every input line (and sos-feed replay FILE's reading ahead once more), and the map's
// lookup (an integer division for the bucket and another for each node of the chain, a node
// per key in its own allocation) was a measurable part of deciding a line. This is one flat
// table of numbers, a power of two in size, probed linearly; the keys sit in a vector.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.hpp"

namespace sos::event {

class SeriesIndex {
public:
    // The number of the series of `e`, a CANDLE or TICK.
    int of(const Event& e) {
        const auto* candle = e.as<Candle>();
        return of(e.env.symbol, candle ? candle->tf.seconds : 0, e.env.hist);
    }
    int of(std::string_view symbol, int tf, bool hist);
    std::size_t size() const { return keys_.size(); }
    void clear();

private:
    struct Key {
        std::string symbol;
        int tf = 0;
        bool hist = false;
        std::uint64_t hash = 0;
    };
    static std::uint64_t hash(std::string_view symbol, int tf, bool hist);
    void grow();

    std::vector<Key> keys_;
    std::vector<std::int32_t> table_;  // a series' number, or -1 for an empty place
};

}  // namespace sos::event
