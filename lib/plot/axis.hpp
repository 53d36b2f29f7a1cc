// Axes for time-series charts of a market: a time axis that shows trading sessions only (the
// nights, weekends and holidays between them take no width, so a year of intraday equity is
// not mostly flat lines), and value axes on "nice" steps (1, 2, 2.5 or 5 times a power of ten).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sos::plot {

class SessionAxis {
public:
    // Sessions [open, close) in epoch seconds, ascending and not overlapping. With none, the
    // axis is plain time from `first` to `last`.
    SessionAxis(std::vector<std::pair<double, double>> sessions, double first, double last);

    // 0..1 along the axis. A time between sessions sits at the end of the one before it.
    double position(double t) const;

    struct Tick {
        double position;
        std::string label;
    };
    // At most about `max_ticks` labelled ticks: hours within a single session, else session
    // opens (day labels "08 Jan") or month starts ("Mar 2024") for long spans. `utc_offset`
    // is the exchange's offset from UTC in seconds.
    std::vector<Tick> ticks(int max_ticks, int utc_offset) const;

private:
    std::vector<std::pair<double, double>> sessions_;
    std::vector<double> before_;  // session seconds before each session
    double total_ = 0;
    double first_ = 0, last_ = 1;
};

// A value axis over [lo, hi], with a tick at each whole multiple of `step` inside it.
struct ValueAxis {
    double lo = 0, hi = 1, step = 1;

    std::vector<double> ticks() const;
    // The decimals that show every tick apart without rounding: 0 for whole steps, 1 for 2.5
    // or 0.5, 2 for 0.25 or 0.01 (at most 2: rupees have paise, nothing smaller).
    int decimals() const;
};

// The axis over [lo, hi] with the smallest nice step that puts at most `max_ticks` intervals
// across it; an empty range is widened to one unit.
ValueAxis nice_axis(double lo, double hi, int max_ticks);

}  // namespace sos::plot
