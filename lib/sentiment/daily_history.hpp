// Figures that need a long memory: one value per trading day (the day's last ATM IV, the
// underlying's last price) and what is computed from them, IV rank, IV percentile and
// close-to-close historical volatility. Only days before the one being judged are used, so
// a figure never depends on what came later in the day, and replaying a period gives the
// same figures however much history the state file already holds for later dates.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "time/civil.hpp"

namespace sos::sentiment {

struct DailyPoint {
    time::Date date;
    double value = 0;
};

class DailySeries {
public:
    // The day's value, replacing an earlier one of the same day: the last one written stands
    // for the day's close.
    void set(time::Date date, double value);
    // Up to `n` values dated before `date`, oldest first, copied into `out`.
    void before(time::Date date, std::size_t n, std::vector<double>& out) const;
    // Drops the oldest points beyond `keep`.
    void trim(std::size_t keep);

    const std::vector<DailyPoint>& points() const { return points_; }
    bool empty() const { return points_.empty(); }

private:
    std::vector<DailyPoint> points_;  // by date, unique
};

// (iv - low) / (high - low) x 100 over `past`, clamped to 0..100; absent with fewer than
// `min_points` values or when the history is flat.
std::optional<double> iv_rank(double iv, std::span<const double> past, std::size_t min_points);
// The share of `past` strictly below iv, x 100; absent with fewer than `min_points` values.
std::optional<double> iv_percentile(double iv, std::span<const double> past, std::size_t min_points);
// The sample standard deviation of the log returns between consecutive closes, times
// sqrt(periods_per_year); absent with fewer than `min_returns` returns or a close that is
// not positive.
std::optional<double> historical_vol(std::span<const double> closes, std::size_t min_returns,
                                     double periods_per_year);

}  // namespace sos::sentiment
