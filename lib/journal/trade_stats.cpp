#include "journal/trade_stats.hpp"

#include <algorithm>

namespace sos::journal {

std::vector<EquityPoint> closed_trade_equity(const std::vector<const Trade*>& trades) {
    std::vector<const Trade*> closed;
    for (const Trade* t : trades)
        if (t->closed && t->exit_ts && t->pnl_paise) closed.push_back(t);
    std::stable_sort(closed.begin(), closed.end(),
                     [](const Trade* a, const Trade* b) { return *a->exit_ts < *b->exit_ts; });
    std::vector<EquityPoint> curve;
    std::int64_t equity = 0;
    for (const Trade* t : closed) {
        equity += *t->pnl_paise;
        // Trades closed at the same instant make one point.
        if (!curve.empty() && curve.back().ts == *t->exit_ts)
            curve.back().equity_paise = equity;
        else
            curve.push_back({*t->exit_ts, equity});
    }
    return curve;
}

TradeStats trade_stats(const std::string& name, const std::vector<const Trade*>& trades,
                       const Period& period) {
    TradeStats s;
    s.strategy = name;
    double r_sum = 0, hold_sum = 0;
    std::vector<std::pair<double, double>> open_intervals;
    for (const Trade* t : trades) {
        open_intervals.emplace_back(t->entry_ts, t->exit_ts.value_or(period.end));
        if (!t->closed || !t->pnl_paise) {
            ++s.open;
            continue;
        }
        ++s.trades;
        const std::int64_t pnl = *t->pnl_paise;
        s.gross_paise += t->gross_paise.value_or(0);
        s.fees_paise += t->fees_paise;
        s.net_paise += pnl;
        if (pnl > 0) {
            ++s.wins;
            s.won_paise += pnl;
        } else if (pnl < 0) {
            ++s.losses;
            s.lost_paise += pnl;
        }
        if (auto r = t->r_multiple()) {
            r_sum += *r;
            ++s.r_trades;
        }
        if (t->exit_ts) hold_sum += *t->exit_ts - t->entry_ts;
        if (t->reported_pnl_paise && *t->reported_pnl_paise != pnl) ++s.reported_mismatches;
    }
    if (s.trades > 0) {
        s.win_rate = static_cast<double>(s.wins) / s.trades;
        s.avg_hold_s = hold_sum / s.trades;
    }
    if (s.wins > 0) s.avg_win_paise = static_cast<double>(s.won_paise) / s.wins;
    if (s.losses > 0) {
        s.avg_loss_paise = static_cast<double>(s.lost_paise) / s.losses;
        s.profit_factor = static_cast<double>(s.won_paise) / static_cast<double>(-s.lost_paise);
    }
    if (s.r_trades > 0) s.expectancy_r = r_sum / s.r_trades;
    const auto curve = closed_trade_equity(trades);
    s.drawdown = max_drawdown(curve, period.capital_paise);
    s.ratios = annualised_ratios(daily_returns(equity_at(curve, period.day_ends), period.capital_paise));
    s.exposure = exposure(std::move(open_intervals), period.sessions);
    return s;
}

}  // namespace sos::journal
