#include "journal/equity.hpp"

#include <algorithm>
#include <cmath>

namespace sos::journal {

Drawdown max_drawdown(const std::vector<EquityPoint>& curve, std::int64_t capital_paise) {
    Drawdown dd;
    std::int64_t peak = 0;
    std::optional<double> peak_ts;
    bool in_deepest = false;  // still below the peak of the deepest fall so far
    for (const auto& p : curve) {
        if (p.equity_paise >= peak) {
            if (in_deepest) dd.recovered_ts = p.ts;
            in_deepest = false;
            if (p.equity_paise > peak || !peak_ts) {
                peak = p.equity_paise;
                peak_ts = p.ts;
            }
            continue;
        }
        const std::int64_t fall = peak - p.equity_paise;
        const double account = static_cast<double>(capital_paise + peak);
        if (account > 0) dd.max_pct = std::max(dd.max_pct, 100.0 * static_cast<double>(fall) / account);
        if (fall > dd.max_paise) {
            dd.max_paise = fall;
            dd.peak_ts = peak_ts;
            dd.trough_ts = p.ts;
            dd.recovered_ts.reset();
            in_deepest = true;
        }
    }
    return dd;
}

std::vector<std::int64_t> equity_at(const std::vector<EquityPoint>& curve,
                                    const std::vector<double>& day_ends) {
    std::vector<std::int64_t> out;
    out.reserve(day_ends.size());
    std::size_t i = 0;
    std::int64_t last = 0;
    for (double end : day_ends) {
        while (i < curve.size() && curve[i].ts <= end)
            last = curve[i++].equity_paise;
        out.push_back(last);
    }
    return out;
}

std::vector<double> daily_returns(const std::vector<std::int64_t>& closes, std::int64_t capital_paise) {
    std::vector<double> r;
    r.reserve(closes.size());
    std::int64_t prev = 0;
    for (std::int64_t e : closes) {
        const double base = static_cast<double>(capital_paise + prev);
        r.push_back(base > 0 ? static_cast<double>(e - prev) / base : 0.0);
        prev = e;
    }
    return r;
}

Ratios annualised_ratios(const std::vector<double>& returns) {
    Ratios out;
    const std::size_t n = returns.size();
    if (n < 2) return out;
    double sum = 0;
    for (double r : returns)
        sum += r;
    const double mean = sum / static_cast<double>(n);
    double var = 0, down = 0;
    for (double r : returns) {
        var += (r - mean) * (r - mean);
        if (r < 0) down += r * r;
    }
    const double sd = std::sqrt(var / static_cast<double>(n - 1));
    const double dd = std::sqrt(down / static_cast<double>(n));
    const double annual = std::sqrt(static_cast<double>(kTradingDaysPerYear));
    // A deviation that is only rounding noise would make a ratio of billions.
    if (sd > 1e-12) out.sharpe = mean / sd * annual;
    if (dd > 1e-12) out.sortino = mean / dd * annual;
    return out;
}

double exposure(std::vector<std::pair<double, double>> intervals,
                const std::vector<std::pair<double, double>>& sessions) {
    double total = 0;
    for (const auto& [a, b] : sessions)
        total += std::max(0.0, b - a);
    if (total <= 0) return 0;
    std::sort(intervals.begin(), intervals.end());
    // Merge overlapping intervals, then intersect each with every session it touches.
    std::vector<std::pair<double, double>> merged;
    for (const auto& iv : intervals) {
        if (iv.second <= iv.first) continue;
        if (!merged.empty() && iv.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, iv.second);
        else
            merged.push_back(iv);
    }
    double covered = 0;
    for (const auto& [a, b] : merged)
        for (const auto& [s, e] : sessions)
            covered += std::max(0.0, std::min(b, e) - std::max(a, s));
    return covered / total;
}

}  // namespace sos::journal
