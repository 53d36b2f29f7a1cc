#include "sentiment/daily_history.hpp"

#include <algorithm>
#include <cmath>

namespace sos::sentiment {

void DailySeries::set(time::Date date, double value) {
    if (!std::isfinite(value)) return;
    // Nearly always the latest day, so look from the back.
    auto it = std::lower_bound(points_.begin(), points_.end(), date,
                               [](const DailyPoint& p, time::Date d) { return p.date < d; });
    if (it != points_.end() && it->date == date) {
        it->value = value;
        return;
    }
    points_.insert(it, DailyPoint{date, value});
}

void DailySeries::before(time::Date date, std::size_t n, std::vector<double>& out) const {
    out.clear();
    auto end = std::lower_bound(points_.begin(), points_.end(), date,
                                [](const DailyPoint& p, time::Date d) { return p.date < d; });
    auto begin = end - static_cast<std::ptrdiff_t>(
                           std::min<std::size_t>(n, static_cast<std::size_t>(end - points_.begin())));
    for (auto it = begin; it != end; ++it)
        out.push_back(it->value);
}

void DailySeries::trim(std::size_t keep) {
    if (points_.size() > keep)
        points_.erase(points_.begin(), points_.end() - static_cast<std::ptrdiff_t>(keep));
}

std::optional<double> iv_rank(double iv, std::span<const double> past, std::size_t min_points) {
    if (past.size() < std::max<std::size_t>(min_points, 1) || !std::isfinite(iv)) return std::nullopt;
    auto [lo, hi] = std::minmax_element(past.begin(), past.end());
    if (!(*hi > *lo)) return std::nullopt;
    return std::clamp((iv - *lo) / (*hi - *lo) * 100.0, 0.0, 100.0);
}

std::optional<double> iv_percentile(double iv, std::span<const double> past, std::size_t min_points) {
    if (past.size() < std::max<std::size_t>(min_points, 1) || !std::isfinite(iv)) return std::nullopt;
    auto below = std::count_if(past.begin(), past.end(), [&](double v) { return v < iv; });
    return 100.0 * static_cast<double>(below) / static_cast<double>(past.size());
}

std::optional<double> historical_vol(std::span<const double> closes, std::size_t min_returns,
                                     double periods_per_year) {
    if (closes.size() < 2 || closes.size() - 1 < std::max<std::size_t>(min_returns, 2)) return std::nullopt;
    const std::size_t n = closes.size() - 1;
    double mean = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (!(closes[i] > 0) || !(closes[i - 1] > 0)) return std::nullopt;
        mean += std::log(closes[i] / closes[i - 1]);
    }
    mean /= static_cast<double>(n);
    double ss = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        double d = std::log(closes[i] / closes[i - 1]) - mean;
        ss += d * d;
    }
    return std::sqrt(ss / static_cast<double>(n - 1) * periods_per_year);
}

}  // namespace sos::sentiment
