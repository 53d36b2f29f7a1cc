// A run's trading report: per strategy and for the whole run, the statistics of its trades
// (trade_stats.hpp), the reasons its signals were rejected, and its equity curve, marked to
// market from the executor's POSITION lines when it wrote any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/equity.hpp"
#include "journal/runs.hpp"
#include "journal/sqlite.hpp"
#include "journal/time_range.hpp"
#include "journal/trade_stats.hpp"
#include "journal/trades.hpp"
#include "time/calendar.hpp"

namespace sos::journal {

// The account the returns and drawdown percentages are measured on: TOMIC's default capital,
// 10 lakh rupees.
inline constexpr std::int64_t kDefaultCapitalPaise = 1'000'000LL * 100;

struct ReportOptions {
    std::string run;  // empty: the run created last
    TimeRange range;  // trades entered, signals and rejects within it
    std::int64_t capital_paise = kDefaultCapitalPaise;
    const time::Calendar* calendar = nullptr;  // trading days and sessions; null: the shipped NSE one
};

struct RejectCount {
    std::string stage;
    std::string reason;
    std::int64_t count = 0;
};

struct Report {
    std::string path;
    Run run;
    TimeRange range;
    std::int64_t capital_paise = 0;
    std::optional<double> first_ts, last_ts;          // the event time covered
    int days = 0;                                     // trading days in it
    std::vector<std::pair<double, double>> sessions;  // [open, close) of each, ascending
    std::vector<std::string> modes;                   // what the executor said it was: paper, live
    TradeStats overall;                               // "ALL"
    std::vector<TradeStats> strategies;               // by name
    std::vector<RejectCount> rejects;                 // most frequent first
    std::int64_t signals = 0;
    // The curve to draw: closed trades plus the open positions' marks when the run has
    // POSITION lines (marked_to_market), else closed trades only.
    std::vector<EquityPoint> equity;
    bool marked_to_market = false;
    Drawdown equity_drawdown;  // of `equity`
    std::vector<Trade> trades;
};

// Throws RunNotFound, or JournalError when the journal cannot answer (too old a schema).
Report build_report(Database& db, const ReportOptions& options);

}  // namespace sos::journal
