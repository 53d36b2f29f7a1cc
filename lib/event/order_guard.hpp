// Refuses lines whose time goes backwards: a CANDLE must be later than the previous one of
// its symbol and timeframe, a TICK no earlier than the previous tick of its symbol. History
// (hist: true) is tracked apart from live data, because a recovery burst legitimately
// replays times already passed.
//
// One line stamped far ahead (a year typed wrong) must not make every later line of its series
// "go backwards". A stream cannot look ahead, so the series is judged by what follows: when two
// lines in a row fall between the time before the jump and the jump, and the jump is more than
// a minute ahead of the second, the jump was the line out of sequence; the first of the two is
// refused (it had to be decided before the second came), the second is taken and the series
// continues from it. Recorded files are read ahead and lose not even that line (feed/replay).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event/event.hpp"

namespace sos::event {

class OrderGuard {
public:
    // Returns the reason when `e` goes back in time; records it otherwise.
    std::optional<std::string> check(const Event& e);
    void clear() { last_.clear(); }

private:
    // One stream of a symbol: ticks (tf 0) or the candles of one timeframe, live or history.
    struct Last {
        bool hist = false;
        int tf = 0;
        time::Timestamp t;
        std::optional<time::Timestamp> before;     // the time taken before t
        std::optional<time::Timestamp> candidate;  // a refused line between `before` and t
    };
    std::optional<std::string> step_back(Last& last, time::Timestamp t, bool candle);
    // Looked up by the symbol's view: no key is built for each line.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::vector<Last>, Hash, std::equal_to<>> last_;
};

}  // namespace sos::event
