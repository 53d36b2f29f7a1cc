// Refuses lines whose time goes backwards: a CANDLE must be later than the previous one of
// its symbol and timeframe, a TICK no earlier than the previous tick of its symbol. History
// (hist: true) is tracked apart from live data, because a recovery burst legitimately
// replays times already passed.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "event/event.hpp"

namespace sos::event {

class OrderGuard {
public:
    // Returns the reason when `e` goes back in time; records it otherwise.
    std::optional<std::string> check(const Event& e);
    void clear() { last_.clear(); }

private:
    std::unordered_map<std::string, time::Timestamp> last_;
    std::string key_;
};

}  // namespace sos::event
