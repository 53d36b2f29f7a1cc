// What `sos-journal status` reads from a journal, as plain facts with their times: no
// judgement and no clock here (status.hpp judges them at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "journal/runs.hpp"
#include "journal/signal_fates.hpp"
#include "journal/sqlite.hpp"
#include "time/calendar.hpp"

namespace sos::journal {

// A tool's last HEALTH line in the run.
struct ToolHealth {
    std::int64_t line = 0;  // its key (raw_id): its place in the stream
    std::string tool;
    std::int64_t pid = 0;
    std::string host;
    std::string version;
    double at = 0;  // the line's timestamp: the wall clock when the tool wrote it
    double uptime_s = 0;
    std::int64_t in = 0, out = 0, bad = 0;
    std::optional<double> lag_s;
    // The tool's own fields, as name and JSON text, in the line's order (sos-feed's `sources`
    // are left out: they are FeedInstance rows).
    std::vector<std::pair<std::string, std::string>> state;
};

// The market data the run holds from one source (the lines' `src`, "-" without one): its live
// lines only, history is not a feed being live.
struct FeedSource {
    std::string src;
    double last_end = 0;  // when its newest data ends: a candle's close, any other line's time
    double bar_s = 0;     // the newest line's bar length (0 for a tick, chain, ...)
    std::string last_type, last_symbol, last_tf;
    std::int64_t lines = 0;
    std::int64_t symbols = 0;
};

// An instance of sos-feed live (or the ws source) as its last HEALTH described it.
struct FeedInstance {
    std::string name;
    std::string state;                 // up, down, stalled, ...
    std::string connection;            // the connection's phase
    std::optional<double> tick_age_s;  // its freshest instrument's age when the HEALTH was written
    double at = 0;                     // that HEALTH's time
};

struct RegimeNow {
    std::string symbol;  // "-" market-wide
    std::string regime;
    std::vector<std::string> flags;
    double at = 0;
};

// The kill switch or the pause: on or off, and what says so (the latest evidence wins: sos-risk's
// HEALTH, or a CONTROL line or ALERT written after it).
struct Switch {
    bool on = false;
    std::optional<double> at;
    std::string evidence;  // empty when nothing in the run speaks of it
};

// sos-risk's breaker as its last HEALTH said, unless a CONTROL resume or reset or a CIRCUIT_OPEN
// alert came after it. Unknown without a HEALTH from sos-risk.
struct BreakerState {
    bool known = false;
    std::optional<std::string> open;  // the reason, when open
    std::optional<double> at;
    std::string evidence;
};

struct OpenPosition {
    std::string symbol;
    std::int64_t qty = 0;  // signed
    std::int64_t avg_price_paise = 0;
    std::int64_t unrealized_paise = 0;  // marked by sos-exec at `at`
    std::int64_t realized_paise = 0;    // the day's, on this symbol
    double at = 0;
    std::string mode;
};

enum class PnlSource : std::uint8_t {
    Positions,  // sos-exec's POSITION lines of the day: realised today plus the open marks
    Exits,      // no POSITION line that day: the EXIT lines' P&L, nothing marked
    None,       // neither
};

struct DayPnl {
    std::optional<time::Date> date;  // the trading day of the run's newest live event
    std::int64_t realized_paise = 0;
    std::int64_t unrealized_paise = 0;
    PnlSource source = PnlSource::None;
    std::int64_t total_paise() const { return realized_paise + unrealized_paise; }
};

// Today's trailing run of refusals by the regime gate: the day's latest decisions (signals
// decided by sos-risk and sos-match's vetoes), newest first, for as long as each was a
// REGIME_GATE refusal.
struct GateRun {
    int count = 0;
    std::optional<double> since;  // the oldest of them
    SignalOutcome latest;         // a veto as a signal REJECTED at stage match
};

// The run of REGIME_GATE refusals that ends the day's decisions. `signals` newest first.
GateRun gate_run(const std::vector<SignalOutcome>& signals, const std::vector<Veto>& vetoes);

struct StatusFacts {
    std::string path;
    Run run;
    std::vector<ToolHealth> tools;  // by tool name
    std::vector<FeedSource> sources;
    std::vector<FeedInstance> instances;
    std::int64_t history_lines = 0;  // market lines flagged hist
    std::optional<double> history_end;
    std::vector<RegimeNow> regimes;  // by symbol
    Switch kill, pause;
    std::vector<std::string> scoped_kills;  // CONTROL kill with a scope, not reset since
    BreakerState breaker;
    std::optional<std::string> last_circuit_alert;  // the last CIRCUIT_OPEN's message, for context
    std::vector<OpenPosition> positions;
    DayPnl day;
    std::int64_t orders_today = 0;       // signals of the day routed
    std::vector<SignalOutcome> signals;  // the last ones, newest first
    GateRun gate;
};

// Reads the run's facts, in one read transaction (one state while a writer appends). Throws
// RunNotFound, or JournalError for a journal before schema 3.
StatusFacts load_status_facts(Database& db, const std::string& run, const time::Calendar& calendar,
                              int last_signals);

// The parts, each on an open read transaction: tools' HEALTH and the feed's instances; the
// kill switch, pause and breaker (after the tools); market data and regimes; trading (after the
// market, whose newest time names the day).
void load_tools(Database& db, std::int64_t run_id, StatusFacts& f);
void load_switches(Database& db, std::int64_t run_id, StatusFacts& f);
void load_market(Database& db, std::int64_t run_id, StatusFacts& f);
void load_trading(Database& db, std::int64_t run_id, const time::Calendar& calendar, int last_signals,
                  StatusFacts& f);

}  // namespace sos::journal
