// A bar's volume from a feed's cumulative day volume: each tick adds the growth since the
// previous tick of its symbol, and a new trading day starts the count from zero. What a fall
// within the day means depends on the source:
// - Restart (recordings): the feed restarted its count; the new cumulative is the growth.
// - Hold (live): a late or reordered tick carrying an older, lower count; it adds nothing and
//   the base stays at the highest count seen, so later growth is not counted twice. The fall
//   is reported. (Counting the whole cumulative again would put a day's volume into one bar.)
//   Where the count itself may have changed (the first tick after a reconnect or a switch to
//   another broker), the caller rebases explicitly.
#pragma once

#include "time/civil.hpp"

namespace sos::candles {

class CumulativeVolume {
public:
    enum class OnFall { Restart, Hold };
    struct Step {
        double volume = 0;       // what this tick adds to its bar
        bool went_back = false;  // the cumulative fell within the day
    };

    explicit CumulativeVolume(OnFall on_fall) : on_fall_(on_fall) {}

    // `day` is the tick's trading day. `rebase` takes `cumulative` as the new base without
    // adding it (the first tick after ticks may have been missed: what they traded is unknown).
    Step step(time::Date day, double cumulative, bool rebase = false) {
        Step s;
        if (day != day_) {
            day_ = day;
            last_ = 0;
        }
        if (rebase) {
        } else if (cumulative >= last_) {
            s.volume = cumulative - last_;
        } else {
            s.went_back = true;
            if (on_fall_ == OnFall::Hold) return s;
            s.volume = cumulative;
        }
        last_ = cumulative;
        return s;
    }

private:
    OnFall on_fall_;
    time::Date day_{0, 0, 0};
    double last_ = 0;
};

}  // namespace sos::candles
