#include "plot/step_curve.hpp"

#include <algorithm>
#include <cmath>

namespace sos::plot {

namespace {

std::vector<Point> steps(const std::vector<Point>& changes, double x_end) {
    std::vector<Point> out;
    out.reserve(changes.size() * 2 + 1);
    for (const auto& p : changes) {
        if (!out.empty()) out.push_back({p.x, out.back().y});
        out.push_back(p);
    }
    if (!out.empty()) out.push_back({std::max(x_end, out.back().x), out.back().y});
    return out;
}

}  // namespace

std::vector<Point> step_curve(const std::vector<Point>& changes, double x_end) {
    const std::vector<Point> all = steps(changes, x_end);
    std::vector<Point> out;
    for (std::size_t i = 0; i < all.size();) {
        const double column = std::floor(all[i].x);
        std::size_t j = i, low = i, high = i;
        for (; j < all.size() && std::floor(all[j].x) == column; ++j) {
            if (all[j].y > all[low].y) low = j;  // screen y grows downwards
            if (all[j].y < all[high].y) high = j;
        }
        std::size_t keep[] = {i, low, high, j - 1};
        std::sort(std::begin(keep), std::end(keep));
        for (std::size_t k = 0; k < 4; ++k)
            if (k == 0 || keep[k] != keep[k - 1]) out.push_back(all[keep[k]]);
        i = j;
    }
    return out;
}

}  // namespace sos::plot
