// The dashboard's read views of a journal, each one JSON document (money in paise, times in epoch
// seconds). The status, regimes, pipeline, signals and positions views are cut from
// `sos-journal status --json` itself (journal/status_json.cpp) and quality from `quality --json`,
// so the page and the command line cannot disagree; what status does not hold (orders, the P&L
// curve, candles with their fills, alerts, a finished run's report) is read here.
#pragma once

#include <cstdint>
#include <string>

#include "journal/sqlite.hpp"
#include "journal/status.hpp"
#include "journal/time_range.hpp"

namespace sos::dashboard {

// Which run of which journal, judged how: what every view is asked with.
struct ViewScope {
    std::string run;  // empty: the run created last
    double now = 0;   // the time the view is taken at
    const time::Calendar* calendar = nullptr;
    journal::StatusLimits limits;
};

// `sos-journal status --json`'s document, whole.
std::string status_view(journal::Database& db, const ViewScope& scope, int signals = 5);
// One member of it ("regimes", "tools", "signals", ...), under its own name, with "now".
std::string status_part(journal::Database& db, const ViewScope& scope, const char* member, int signals = 5);
// The pipeline: each tool's health and the feed, with the verdict.
std::string pipeline_view(journal::Database& db, const ViewScope& scope);
// Open positions and the day's P&L (status's), and the run's orders, newest first, each with its
// latest state from the broker.
std::string positions_view(journal::Database& db, const ViewScope& scope, int limit);
// The day's P&L curve: after each POSITION line of the day, the sum over symbols of realised plus
// marked P&L (sos-exec's own figures, as status sums them); without any, the running sum of the
// day's EXIT lines. Its last point is status's day total.
std::string pnl_view(journal::Database& db, const ViewScope& scope);
// The candles of one symbol and timeframe (the run's first when not given) with its fills
// marked, each an entry or an exit as the trades view counts them (a leg's first side opens it),
// and every symbol and timeframe the run has candles of.
std::string candles_view(journal::Database& db, const ViewScope& scope, const std::string& symbol,
                         const std::string& tf, const journal::TimeRange& range, int limit);
// The last signals with what became of them, and the rejections counted by reason (quality's).
std::string signals_view(journal::Database& db, const ViewScope& scope, int limit);
// The run's last alerts, newest first.
std::string alerts_view(journal::Database& db, const ViewScope& scope, int limit);
// A finished (or running) run as `sos-journal report --json` has it, with the equity curve, its
// drawdown below the running peak and the trades.
std::string report_view(journal::Database& db, const ViewScope& scope);
// `sos-journal quality --json`.
std::string quality_view(journal::Database& db, const ViewScope& scope, const journal::TimeRange& range);

}  // namespace sos::dashboard
