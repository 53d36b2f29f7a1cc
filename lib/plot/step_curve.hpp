// A value that holds until it next changes (equity between trades, a drawdown between marks)
// drawn as steps, and thinned for the screen: a year of minute marks is far more points than
// a chart has pixel columns.
#pragma once

#include <vector>

#include "plot/scene.hpp"

namespace sos::plot {

// The steps through `changes` (x ascending, in pixels), held flat to `x_end`, keeping of each
// pixel column only its first, lowest, highest and last point: the curve draws the same, and
// as fast for a year of marks as for a day, with every extreme kept.
std::vector<Point> step_curve(const std::vector<Point>& changes, double x_end);

}  // namespace sos::plot
