// Equity, drawdown and daily-return ratios over a series of P&L figures. Money stays in integer
// paise until the last step; only the ratios (drawdown percent, returns, Sharpe, Sortino) are
// floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace sos::journal {

// P&L since the start of the series (not the account value): the account is capital + equity.
struct EquityPoint {
    double ts = 0;  // epoch seconds
    std::int64_t equity_paise = 0;
};

struct Drawdown {
    std::int64_t max_paise = 0;  // the deepest fall below an earlier peak of equity
    double max_pct = 0;          // the deepest fall as a share of the account at its peak, in percent
    // Of the deepest fall in money: the peak, the trough and the first return to the peak.
    std::optional<double> peak_ts, trough_ts, recovered_ts;
};

// The peak starts at 0 (the capital itself), so a series that only falls has a drawdown too.
Drawdown max_drawdown(const std::vector<EquityPoint>& curve, std::int64_t capital_paise);

// Equity at each of `day_ends` (ascending): that of the last point at or before it, 0 before
// the first point.
std::vector<std::int64_t> equity_at(const std::vector<EquityPoint>& curve,
                                    const std::vector<double>& day_ends);

// Day-on-day returns on the account: r[d] = (E[d] - E[d-1]) / (capital + E[d-1]), E[-1] = 0.
std::vector<double> daily_returns(const std::vector<std::int64_t>& closes, std::int64_t capital_paise);

// Annualised with the square root of 252 trading days, at a zero risk-free rate:
// Sharpe = mean / sample standard deviation; Sortino = mean / downside deviation, where the
// downside deviation is sqrt(sum(min(r, 0)^2) / n). Unset with fewer than two days, or when
// the deviation is zero (no variation; for Sortino, no losing day).
struct Ratios {
    std::optional<double> sharpe, sortino;
};
inline constexpr int kTradingDaysPerYear = 252;
Ratios annualised_ratios(const std::vector<double>& returns);

// The share (0..1) of the sessions' time covered by the union of the intervals; each is
// [start, end) in epoch seconds. 0 when there is no session time.
double exposure(std::vector<std::pair<double, double>> intervals,
                const std::vector<std::pair<double, double>>& sessions);

}  // namespace sos::journal
