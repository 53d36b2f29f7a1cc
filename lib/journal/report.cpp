#include "journal/report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "journal/schema.hpp"

namespace sos::journal {

namespace {

constexpr const char* kInRange = "(?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR ts < ?3)";

// Trading days from the first to the last event the report covers, by the calendar.
Period make_period(const Report& r, const time::Calendar& calendar) {
    Period p;
    p.capital_paise = r.capital_paise;
    if (!r.first_ts || !r.last_ts) return p;
    p.end = *r.last_ts;
    const auto zone = calendar.zone();
    const time::Date last = zone.local_date(time::Timestamp::from_seconds_double(*r.last_ts));
    for (time::Date d = zone.local_date(time::Timestamp::from_seconds_double(*r.first_ts)); d <= last;
         d = time::add_days(d, 1)) {
        auto session = calendar.session(d);
        if (!session) continue;
        // A day's equity is taken at its end, so square-offs after the close still count in it.
        p.day_ends.push_back(zone.at(time::add_days(d, 1), 0).seconds());
        p.sessions.emplace_back(session->open.seconds(), session->close.seconds());
    }
    return p;
}

std::map<std::string, int> signal_counts(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s =
        db.prepare(std::string("SELECT coalesce(nullif(pattern_id, ''), '?'), count(*) FROM signals "
                               "WHERE run_id = ?1 AND hist = 0 AND ") +
                   kInRange + " GROUP BY 1");
    bind_run_range(s, run_id, range);
    std::map<std::string, int> out;
    while (s.step())
        out[s.column_text(0)] = static_cast<int>(s.column_int(1));
    return out;
}

// A REJECT's strategy: its own pattern_id (a match-stage reject), else that of the signal it
// refers to (risk), else that of the order it refers to (exec).
constexpr const char* kRejectStrategy = R"sql(
coalesce(nullif(r.pattern_id, ''),
         (SELECT nullif(s.pattern_id, '') FROM signals s WHERE s.run_id = r.run_id AND s.signal_id = r.ref LIMIT 1),
         (SELECT coalesce(nullif(s.pattern_id, ''), nullif(o.strategy, '')) FROM orders o
          LEFT JOIN signals s ON s.run_id = o.run_id AND s.signal_id = o.signal_id
          WHERE o.run_id = r.run_id AND o.order_id = r.ref LIMIT 1),
         '?'))sql";

// The signal a REJECT refers to: the signal itself (risk) or the signal of its order (exec).
constexpr const char* kRejectedSignal = R"sql(
coalesce((SELECT s.signal_id FROM signals s WHERE s.run_id = r.run_id AND s.signal_id = r.ref LIMIT 1),
         (SELECT o.signal_id FROM orders o WHERE o.run_id = r.run_id AND o.order_id = r.ref LIMIT 1)))sql";

// Signals refused downstream, each once however many of its orders' slices were refused. A
// veto by sos-match never became a signal: it counts among the reasons only.
std::map<std::string, int> rejected_by_strategy(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s = db.prepare(std::string("SELECT strategy, count(DISTINCT signal) FROM (SELECT ") +
                             kRejectStrategy + " AS strategy, " + kRejectedSignal +
                             " AS signal FROM rejects r WHERE r.run_id = ?1 AND r.hist = 0 AND "
                             "coalesce(r.stage, '') <> 'match' AND " +
                             kInRange + ") WHERE signal IS NOT NULL GROUP BY 1");
    bind_run_range(s, run_id, range);
    std::map<std::string, int> out;
    while (s.step())
        out[s.column_text(0)] = static_cast<int>(s.column_int(1));
    return out;
}

std::vector<RejectCount> reject_counts(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s =
        db.prepare(std::string("SELECT coalesce(stage, ''), coalesce(reason, ''), count(*) FROM rejects "
                               "WHERE run_id = ?1 AND hist = 0 AND ") +
                   kInRange + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2");
    bind_run_range(s, run_id, range);
    std::vector<RejectCount> out;
    while (s.step())
        out.push_back({s.column_text(0), s.column_text(1), s.column_int(2)});
    return out;
}

std::vector<std::string> modes(Database& db, std::int64_t run_id) {
    std::set<std::string> seen;
    for (const char* table : {"fills", "exits", "positions", "order_updates"}) {
        Statement s = db.prepare(std::string("SELECT DISTINCT mode FROM ") + table +
                                 " WHERE run_id = ?1 AND mode IS NOT NULL");
        s.bind_int(1, run_id);
        while (s.step())
            seen.insert(s.column_text(0));
    }
    return {seen.begin(), seen.end()};
}

// Closed trades' P&L at their exits plus, at every POSITION line, the latest unrealised P&L of
// each symbol. Events at one instant are applied together before the point is taken, so an
// exit and the flat POSITION after it never count the same money twice.
std::vector<EquityPoint> marked_curve(Database& db, std::int64_t run_id, const TimeRange& range,
                                      const std::vector<Trade>& trades, bool& any_position) {
    struct Change {
        double ts;
        int kind;  // 0: a trade closed, 1: a position's mark
        std::string symbol;
        std::int64_t paise;
    };
    std::vector<Change> changes;
    for (const auto& t : trades)
        if (t.closed && t.exit_ts && t.pnl_paise) changes.push_back({*t.exit_ts, 0, {}, *t.pnl_paise});
    Statement s = db.prepare(std::string("SELECT ts, coalesce(symbol, ''), coalesce(unrealized_pnl_paise, 0) "
                                         "FROM positions WHERE run_id = ?1 AND hist = 0 AND ") +
                             kInRange + " ORDER BY ts, id");
    bind_run_range(s, run_id, range);
    any_position = false;
    while (s.step()) {
        any_position = true;
        changes.push_back({s.column_real(0), 1, s.column_text(1), s.column_int(2)});
    }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const Change& a, const Change& b) { return a.ts < b.ts; });
    std::vector<EquityPoint> curve;
    std::int64_t realized = 0, open = 0;
    std::map<std::string, std::int64_t> marks;
    for (std::size_t i = 0; i < changes.size();) {
        const double ts = changes[i].ts;
        for (; i < changes.size() && changes[i].ts == ts; ++i) {
            const Change& c = changes[i];
            if (c.kind == 0) {
                realized += c.paise;
                continue;
            }
            auto& mark = marks[c.symbol];
            open += c.paise - mark;
            mark = c.paise;
        }
        curve.push_back({ts, realized + open});
    }
    return curve;
}

void require_trade_schema(Database& db) {
    if (const int v = schema_version(db); v < 2)
        throw JournalError(
            "journal schema version " + std::to_string(v) +
            " has no trade columns (money in paise); record the run again with this sos-journal");
}

}  // namespace

Report build_report(Database& db, const ReportOptions& o) {
    require_trade_schema(db);
    const time::Calendar shipped = o.calendar ? time::Calendar{} : time::Calendar::nse_default();
    const time::Calendar& calendar = o.calendar ? *o.calendar : shipped;
    Report r;
    r.path = db.path();
    r.range = o.range;
    r.capital_paise = o.capital_paise;
    std::map<std::string, int> signals, rejected;
    // One read transaction: every figure comes from the same state while a writer appends.
    in_transaction(db, "BEGIN", [&] {
        r.run = resolve_run(db, o.run);
        const TimeSpan span = run_time_span(db, r.run.id);
        r.first_ts = span.first;
        r.last_ts = span.last;
        if (o.range.from && r.first_ts) r.first_ts = std::max(*r.first_ts, *o.range.from);
        // The range's end is exclusive: a report to a date's end covers that day, not the next.
        if (o.range.to && r.last_ts) r.last_ts = std::min(*r.last_ts, *o.range.to - 0.001);
        if (r.first_ts && r.last_ts && *r.last_ts < *r.first_ts) r.first_ts = r.last_ts = std::nullopt;
        r.trades = load_trades(db, r.run.id, o.range);
        r.modes = modes(db, r.run.id);
        r.rejects = reject_counts(db, r.run.id, o.range);
        signals = signal_counts(db, r.run.id, o.range);
        rejected = rejected_by_strategy(db, r.run.id, o.range);
        r.equity = marked_curve(db, r.run.id, o.range, r.trades, r.marked_to_market);
    });

    const Period period = make_period(r, calendar);
    r.days = static_cast<int>(period.day_ends.size());
    r.sessions = period.sessions;
    std::map<std::string, std::vector<const Trade*>> groups;
    std::vector<const Trade*> all;
    for (const auto& t : r.trades) {
        groups[t.strategy].push_back(&t);
        all.push_back(&t);
    }
    for (const auto& [name, n] : signals)
        groups.try_emplace(name);
    for (const auto& [name, n] : rejected)
        groups.try_emplace(name);
    for (const auto& [name, trades] : groups) {
        TradeStats s = trade_stats(name, trades, period);
        if (auto it = signals.find(name); it != signals.end()) s.signals = it->second;
        if (auto it = rejected.find(name); it != rejected.end()) s.rejected = it->second;
        r.overall.signals += s.signals;
        r.overall.rejected += s.rejected;
        r.strategies.push_back(std::move(s));
    }
    const int total_signals = r.overall.signals, total_rejected = r.overall.rejected;
    r.overall = trade_stats("ALL", all, period);
    r.overall.signals = total_signals;
    r.overall.rejected = total_rejected;
    r.signals = total_signals;
    r.equity_drawdown = max_drawdown(r.equity, r.capital_paise);
    return r;
}

}  // namespace sos::journal
