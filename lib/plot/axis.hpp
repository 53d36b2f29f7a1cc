// Axes for time-series charts of a market: a time axis that shows trading sessions only (the
// nights, weekends and holidays between them take no width, so a year of intraday equity is
// not mostly flat lines), and "nice" value ticks (1, 2, 2.5 or 5 times a power of ten).
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

// Tick values covering [lo, hi] at a nice step, at most about `max_ticks` of them.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

}  // namespace sos::plot
