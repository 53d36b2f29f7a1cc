// The statistics of a group of trades (one strategy's, or all of a run's): counts, win rate,
// average win and loss, expectancy in R, profit factor, net P&L after fees, drawdown, Sharpe
// and Sortino on daily returns, exposure. Only closed trades count; money is summed in paise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "journal/equity.hpp"
#include "journal/trades.hpp"

namespace sos::journal {

// The days and sessions a report covers, shared by every group.
struct Period {
    std::vector<double> day_ends;  // end of each trading day (midnight IST after it), ascending
    std::vector<std::pair<double, double>> sessions;  // [open, close) of each
    double end = 0;  // the last event time: trades still open count as open until then
    std::int64_t capital_paise = 0;
};

struct TradeStats {
    std::string strategy;  // "ALL" for the whole run
    int trades = 0;        // closed
    int open = 0;          // still open at the end
    int wins = 0;          // net P&L > 0
    int losses = 0;        // net P&L < 0 (a trade at exactly zero is neither)
    std::int64_t gross_paise = 0;
    std::int64_t fees_paise = 0;  // of the closed trades
    std::int64_t net_paise = 0;
    std::int64_t won_paise = 0;            // sum of the winners' net P&L
    std::int64_t lost_paise = 0;           // sum of the losers' (negative)
    std::optional<double> win_rate;        // wins / trades
    std::optional<double> avg_win_paise;   // won / wins
    std::optional<double> avg_loss_paise;  // lost / losses (negative)
    std::optional<double> profit_factor;   // won / -lost; unset without losses
    std::optional<double> expectancy_r;    // mean R multiple of the trades with a known R
    int r_trades = 0;                      // how many had one
    std::optional<double> avg_hold_s;
    Drawdown drawdown;  // of this group's equity, booked at each exit
    Ratios ratios;
    double exposure = 0;          // share of session time with a trade of the group open
    int reported_mismatches = 0;  // closed trades whose EXIT pnl differs from the fills' figure
    int signals = 0;              // SIGNALs of the strategy
    int rejected = 0;             // of them, or of their orders, REJECTed
};

// Equity stepping at each closed trade's exit, in exit order.
std::vector<EquityPoint> closed_trade_equity(const std::vector<const Trade*>& trades);

TradeStats trade_stats(const std::string& name, const std::vector<const Trade*>& trades,
                       const Period& period);

}  // namespace sos::journal
