// sos-journal status: the live system as its journal shows it (TOMIC's /tomic/status in sos
// terms). Each tool's last HEALTH and its age, the feed's age per source, the kill switch, pause
// and breaker, open positions with their marks and the day's P&L, the last signals, and one
// verdict: trading, ready, or not trading and why, with the evidence.
//
// Read in two steps so the judgement can be tested without a journal: load_status_facts() reads
// what the journal holds (status_facts.hpp), judge() decides from those facts, the time of the
// view and the calendar alone (status_judge.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "journal/sqlite.hpp"
#include "journal/status_facts.hpp"
#include "time/calendar.hpp"
#include "vocab/names.hpp"

namespace sos::journal {

// Nothing is trading, for the first of these that holds, in this order (docs/decisions.md,
// "sos-journal status"): what the operator must act on before what the clock explains.
enum class IdleReason : std::uint8_t {
    Stopped,       // the run ended: sos-journal stopped recording it
    Killed,        // the kill switch is on
    Breaker,       // a circuit breaker of sos-risk is open
    Paused,        // new entries are paused (CONTROL pause)
    OutsideHours,  // no session is open now (the calendar)
    NoData,        // the run holds no live market data at all
    Stale,         // no source's market data is fresh
    RegimeGate,    // the day's latest decisions were refusals by the regime gate, nothing open
};

enum class Activity : std::uint8_t {
    Trading,     // nothing stops it, and it traded today (an order routed, or a position open)
    Ready,       // nothing stops it; no signal has become an order today
    NotTrading,  // an IdleReason holds
};

}  // namespace sos::journal

namespace sos::vocab {
template <>
struct Names<journal::IdleReason> {
    static constexpr std::array<std::string_view, 8> table = {
        "STOPPED", "KILLED", "BREAKER", "PAUSED", "OUTSIDE_HOURS", "NO_DATA", "STALE", "REGIME_GATE"};
};
template <>
struct Names<journal::Activity> {
    static constexpr std::array<std::string_view, 3> table = {"TRADING", "READY", "NOT_TRADING"};
};
}  // namespace sos::vocab

namespace sos::journal {

// The thresholds of the judgement.
struct StatusLimits {
    // A source is stale when its newest data ended longer ago than its bar plus this (TOMIC's
    // feed-stale alert after 60 s; sos-risk's stale-feed breaker's default).
    double stale_after_s = 60;
    // A tool whose last HEALTH is older than this is shown SILENT (three beats at the default
    // --health-every of 30 s).
    double silent_after_s = 90;
};

struct StatusOptions {
    std::string run;                           // empty: the run created last
    double now = 0;                            // the time the view is taken at (epoch seconds)
    const time::Calendar* calendar = nullptr;  // sessions; null: the shipped NSE calendar
    StatusLimits limits;
    int signals = 5;  // last signals shown
};

struct Verdict {
    Activity activity = Activity::Ready;
    std::optional<IdleReason> reason;  // set when NotTrading
    std::string evidence;              // words for a person, times in IST
};

struct Status {
    StatusFacts facts;
    double now = 0;
    time::Calendar calendar;  // the sessions the view was judged by
    StatusLimits limits;
    Verdict verdict;
};

// Throws RunNotFound, or JournalError when the journal cannot answer (a schema before 3).
Status build_status(Database& db, const StatusOptions& options);

// The verdict from the facts alone.
Verdict judge(const StatusFacts& facts, double now, const time::Calendar& calendar,
              const StatusLimits& limits);

// What the view says of a source or a tool at `now`.
double effective_age_s(const FeedSource& s, double now, const time::Calendar& calendar);
bool is_stale(const FeedSource& s, double now, const time::Calendar& calendar, const StatusLimits& limits);
bool is_silent(const ToolHealth& t, double now, const StatusLimits& limits);

}  // namespace sos::journal
