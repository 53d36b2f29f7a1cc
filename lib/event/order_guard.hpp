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

#include <optional>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "event/series_index.hpp"

namespace sos::event {

class OrderGuard {
public:
    // Returns the reason when `e` goes back in time; records it otherwise.
    std::optional<std::string> check(const Event& e);
    // The same when the caller already knows the number of `e`'s series in series_index()
    // (a reader ahead that numbers series with this index: sos-feed replay FILE's window),
    // so the series is not looked up twice.
    std::optional<std::string> check(const Event& e, int series);
    // The series this check numbers; one who shares it may number series ahead of check().
    SeriesIndex& series_index() { return series_; }
    void clear() {
        series_.clear();
        last_.clear();
    }

private:
    // One series (series_index.hpp): the last time taken and what the judgement of a jump keeps.
    struct Last {
        bool seen = false;
        time::Timestamp t;
        std::optional<time::Timestamp> before;     // the time taken before t
        std::optional<time::Timestamp> candidate;  // a refused line between `before` and t
    };
    std::optional<std::string> check_series(const Event& e, std::size_t id);
    std::optional<std::string> step_back(Last& last, time::Timestamp t, bool candle);
    SeriesIndex series_;
    std::vector<Last> last_;  // by series number
};

}  // namespace sos::event
