// Refuses lines whose time goes backwards: a CANDLE must be later than the previous one of
// its symbol and timeframe, a TICK no earlier than the previous tick of its symbol. History
// (hist: true) is tracked apart from live data, because a recovery burst legitimately
// replays times already passed.
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
    };
    // Looked up by the symbol's view: no key is built for each line.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::vector<Last>, Hash, std::equal_to<>> last_;
};

}  // namespace sos::event
