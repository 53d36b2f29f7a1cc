// --history N: before the live start, keep the last N candles of every symbol and timeframe
// (and the latest chain, breadth and sentiment of each symbol), then hand them over flagged
// hist: true, oldest first, so downstream tools can rebuild their state without acting on it.
// Memory is bounded by N per series whatever the length of the history read.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "event/event.hpp"

namespace sos::feed {

class HistoryBuffer {
public:
    explicit HistoryBuffer(std::size_t candles_per_series) : n_(candles_per_series) {}

    void add(const event::Event& e);
    // Everything kept, flagged hist and in time order (then symbol, then timeframe); empties the buffer.
    std::vector<event::Event> take();
    bool empty() const { return candles_.empty() && state_.empty(); }

private:
    std::size_t n_;
    std::map<std::pair<std::string, int>, std::deque<event::Event>> candles_;
    std::map<std::pair<int, std::string>, event::Event> state_;  // latest per (kind, symbol)
};

}  // namespace sos::feed
