// Trading as the journal shows it: open positions with sos-exec's marks, the day's P&L in exact
// paise, the orders of the day, the last signals and today's run of regime-gate refusals.
//
// "The day" is the trading day (by the calendar's zone) of the run's newest live event: today in
// a live session, the last day of a finished run.
#include <algorithm>

#include "journal/status_facts.hpp"

namespace sos::journal {

namespace {

struct DayRange {
    time::Date date;
    TimeRange range;
};

// The newest event time of the run's live market and trading lines.
std::optional<double> newest_event(Database& db, std::int64_t run_id, const StatusFacts& f) {
    std::optional<double> newest;
    for (const auto& s : f.sources)
        if (!newest || s.last_end - s.bar_s > *newest) newest = s.last_end - s.bar_s;
    for (const char* table :
         {"signals", "orders", "order_updates", "fills", "exits", "positions", "rejects"}) {
        Statement s =
            db.prepare(std::string("SELECT max(ts) FROM ") + table + " WHERE run_id = ?1 AND hist = 0");
        s.bind_int(1, run_id);
        if (s.step() && !s.is_null(0) && (!newest || s.column_real(0) > *newest)) newest = s.column_real(0);
    }
    return newest;
}

void load_positions(Database& db, std::int64_t run_id, StatusFacts& f) {
    Statement s = db.prepare(
        "SELECT coalesce(symbol, '-'), qty, coalesce(avg_price_paise, 0), coalesce(unrealized_pnl_paise, 0), "
        "coalesce(realized_pnl_paise, 0), coalesce(ts, 0), coalesce(mode, '') FROM positions WHERE id IN ("
        "SELECT max(id) FROM positions WHERE run_id = ?1 AND hist = 0 GROUP BY symbol) AND qty <> 0 "
        "ORDER BY symbol");
    s.bind_int(1, run_id);
    while (s.step())
        f.positions.push_back({s.column_text(0), s.column_int(1), s.column_int(2), s.column_int(3),
                               s.column_int(4), s.column_real(5), s.column_text(6)});
}

// sos-exec's own figures: each symbol's last POSITION of the day carries its realised P&L of
// the day (net of charges) and its open mark. Without any, the EXIT lines' P&L.
void load_day_pnl(Database& db, std::int64_t run_id, const DayRange& day, StatusFacts& f) {
    f.day.date = day.date;
    Statement s = db.prepare(
        "SELECT count(*), coalesce(sum(realized_pnl_paise), 0), coalesce(sum(unrealized_pnl_paise), 0) "
        "FROM positions WHERE id IN (SELECT max(id) FROM positions WHERE run_id = ?1 AND hist = 0 AND "
        "ts >= ?2 AND ts < ?3 GROUP BY symbol)");
    bind_run_range(s, run_id, day.range);
    if (s.step() && s.column_int(0) > 0) {
        f.day.source = PnlSource::Positions;
        f.day.realized_paise = s.column_int(1);
        f.day.unrealized_paise = s.column_int(2);
        return;
    }
    Statement x = db.prepare(
        "SELECT count(*), coalesce(sum(pnl_paise), 0) FROM exits WHERE run_id = ?1 AND hist = 0 AND "
        "ts >= ?2 AND ts < ?3");
    bind_run_range(x, run_id, day.range);
    if (x.step() && x.column_int(0) > 0) {
        f.day.source = PnlSource::Exits;
        f.day.realized_paise = x.column_int(1);
    }
}

std::int64_t orders_in(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s = db.prepare(
        "SELECT count(DISTINCT coalesce(nullif(signal_id, ''), order_id)) FROM orders "
        "WHERE run_id = ?1 AND hist = 0 AND ts >= ?2 AND ts < ?3");
    bind_run_range(s, run_id, range);
    return s.step() ? s.column_int(0) : 0;
}

SignalOutcome as_outcome(const Veto& v) {
    SignalOutcome o;
    o.ts = v.ts;
    o.symbol = v.symbol;
    o.strategy = v.strategy;
    o.side = v.side;
    o.regime = v.regime;
    o.fate = SignalFate::Rejected;
    o.stage = "match";
    o.reason = v.reason;
    o.detail = v.detail;
    return o;
}

}  // namespace

GateRun gate_run(const std::vector<SignalOutcome>& signals, const std::vector<Veto>& vetoes) {
    // The day's decisions, newest first; a signal not decided yet is passed over.
    std::vector<SignalOutcome> decisions;
    for (const auto& s : signals)
        if (s.fate != SignalFate::Pending) decisions.push_back(s);
    for (const auto& v : vetoes)
        decisions.push_back(as_outcome(v));
    std::stable_sort(decisions.begin(), decisions.end(),
                     [](const SignalOutcome& a, const SignalOutcome& b) { return a.ts > b.ts; });
    GateRun g;
    for (const auto& d : decisions) {
        if (d.fate != SignalFate::Rejected || d.reason != "REGIME_GATE") break;
        if (g.count++ == 0) g.latest = d;
        g.since = d.ts;
    }
    return g;
}

void load_trading(Database& db, std::int64_t run_id, const time::Calendar& calendar, int last_signals,
                  StatusFacts& f) {
    load_positions(db, run_id, f);
    if (last_signals > 0) f.signals = load_signal_outcomes(db, run_id, SignalQuery{{}, true, last_signals});
    const auto newest = newest_event(db, run_id, f);
    if (!newest) return;
    const auto zone = calendar.zone();
    const time::Date date = zone.local_date(time::Timestamp::from_seconds_double(*newest));
    const DayRange day{date, {zone.at(date, 0).seconds(), zone.at(time::add_days(date, 1), 0).seconds()}};
    load_day_pnl(db, run_id, day, f);
    f.orders_today = orders_in(db, run_id, day.range);
    f.gate = gate_run(load_signal_outcomes(db, run_id, SignalQuery{day.range, true, std::nullopt}),
                      load_vetoes(db, run_id, day.range));
}

}  // namespace sos::journal
