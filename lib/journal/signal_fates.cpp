#include "journal/signal_fates.hpp"

#include <fmt/format.h>

#include "vocab/order_status.hpp"

namespace sos::journal {

namespace {

// One row per signal id (its first non-history line in the range), with what followed it. Each
// lookup goes through an index: a signal's orders by orders_signal_id, their updates, fills and
// refusals by the order ids (order_updates_order_id, fills_order_id, rejects_ref). (A common
// table of the orders, unindexed, made this quadratic: 48 s for 20,000 signals.) ?4 is the row
// limit (-1: none). {taken} and {refused} are ORDER_UPDATE statuses (outcomes_sql).
constexpr const char* kOutcomes = R"sql(
WITH s AS (
    SELECT * FROM signals WHERE id IN (
        SELECT min(id) FROM signals
        WHERE run_id = ?1 AND hist = 0 AND (?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR ts < ?3)
        GROUP BY signal_id))
SELECT s.ts, s.signal_id, coalesce(s.symbol, ''), coalesce(nullif(s.pattern_id, ''), '?'),
       coalesce(s.side, ''), coalesce(s.tf, ''), coalesce(nullif(s.regime, ''), '-'),
       EXISTS (SELECT 1 FROM orders o
               WHERE o.signal_id = s.signal_id AND o.run_id = ?1 AND o.hist = 0) AS routed,
       EXISTS (SELECT 1 FROM orders o JOIN order_updates u ON u.order_id = o.order_id
               WHERE o.signal_id = s.signal_id AND o.run_id = ?1 AND o.hist = 0
                 AND u.run_id = ?1 AND u.hist = 0
                 AND u.status IN ({taken})) AS taken,
       EXISTS (SELECT 1 FROM orders o JOIN fills f ON f.order_id = o.order_id
               WHERE o.signal_id = s.signal_id AND o.run_id = ?1 AND o.hist = 0
                 AND f.run_id = ?1 AND f.hist = 0) AS filled,
       coalesce(rs.stage, ''), coalesce(rs.reason, ''), coalesce(rs.detail, ''),
       coalesce(ro.stage, ''), coalesce(ro.reason, ''), coalesce(ro.detail, ''),
       (SELECT coalesce(u.message, '') FROM orders o JOIN order_updates u ON u.order_id = o.order_id
        WHERE o.signal_id = s.signal_id AND o.run_id = ?1 AND o.hist = 0
          AND u.run_id = ?1 AND u.hist = 0 AND u.status = {refused}
        ORDER BY u.id LIMIT 1) AS refused
FROM s
LEFT JOIN rejects rs ON rs.id = (
    SELECT min(x.id) FROM rejects x
    WHERE x.ref = s.signal_id AND x.run_id = ?1 AND x.hist = 0 AND coalesce(x.stage, '') <> 'match')
LEFT JOIN rejects ro ON ro.id = (
    SELECT min(x.id) FROM orders o JOIN rejects x ON x.ref = o.order_id
    WHERE o.signal_id = s.signal_id AND o.run_id = ?1 AND o.hist = 0 AND x.run_id = ?1 AND x.hist = 0)
)sql";

// The broker took an order when it acknowledged it (open, or waiting for its trigger) or
// completed it; the statuses by their one name table.
std::string outcomes_sql() {
    using vocab::OrderStatus;
    auto quoted = [](OrderStatus s) { return fmt::format("'{}'", vocab::name(s)); };
    return fmt::format(
        kOutcomes,
        fmt::arg("taken", fmt::format("{}, {}, {}", quoted(OrderStatus::Open),
                                      quoted(OrderStatus::TriggerPending), quoted(OrderStatus::Complete))),
        fmt::arg("refused", quoted(OrderStatus::Rejected)));
}

// Columns of kOutcomes.
enum Col { kTs, kId, kSymbol, kStrategy, kSide, kTf, kRegime, kRouted, kTaken, kFilled, kSignalRefusal };
constexpr int kOrderRefusal = kSignalRefusal + 3, kRefusedUpdate = kOrderRefusal + 3;

void set_refusal(SignalOutcome& out, const Statement& s, int col) {
    out.fate = SignalFate::Rejected;
    out.stage = s.column_text(col);
    out.reason = s.column_text(col + 1);
    out.detail = s.column_text(col + 2);
}

// The furthest stage the row shows. A refusal of the signal itself counts only when no order
// followed (a DUPLICATE of a signal already routed refuses the copy, not the trade); a refusal
// of its orders counts only when the broker took none of them.
void decide(SignalOutcome& out, const Statement& s) {
    if (s.column_int(kFilled)) {
        out.fate = SignalFate::Filled;
    } else if (s.column_int(kTaken)) {
        out.fate = SignalFate::Accepted;
    } else if (s.column_int(kRouted)) {
        out.fate = SignalFate::Routed;
        if (!s.column_text(kOrderRefusal + 1).empty()) {
            set_refusal(out, s, kOrderRefusal);
        } else if (!s.is_null(kRefusedUpdate)) {
            out.fate = SignalFate::Rejected;
            out.stage = "exec";
            out.reason = vocab::name(vocab::OrderStatus::Rejected);
            out.detail = s.column_text(kRefusedUpdate);
        }
    } else if (!s.column_text(kSignalRefusal + 1).empty()) {
        set_refusal(out, s, kSignalRefusal);
    }
}

}  // namespace

std::vector<SignalOutcome> load_signal_outcomes(Database& db, std::int64_t run_id, const SignalQuery& q) {
    Statement s = db.prepare(outcomes_sql() +
                             (q.newest_first ? " ORDER BY s.ts DESC, s.id DESC" : " ORDER BY s.ts, s.id") +
                             " LIMIT ?4");
    bind_run_range(s, run_id, q.range);
    s.bind_int(4, q.limit.value_or(-1));
    std::vector<SignalOutcome> out;
    while (s.step()) {
        SignalOutcome o;
        o.ts = s.column_real(kTs);
        o.signal_id = s.column_text(kId);
        o.symbol = s.column_text(kSymbol);
        o.strategy = s.column_text(kStrategy);
        o.side = s.column_text(kSide);
        o.tf = s.column_text(kTf);
        o.regime = s.column_text(kRegime);
        decide(o, s);
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<Veto> load_vetoes(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s = db.prepare(
        "SELECT coalesce(ts, 0), coalesce(symbol, ''), coalesce(nullif(pattern_id, ''), '?'), coalesce(side, "
        "''), "
        "coalesce(nullif(regime, ''), '-'), coalesce(reason, ''), coalesce(detail, '') FROM rejects "
        "WHERE run_id = ?1 AND hist = 0 AND stage = 'match' AND (?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR "
        "ts < ?3) "
        "ORDER BY id");
    bind_run_range(s, run_id, range);
    std::vector<Veto> out;
    while (s.step())
        out.push_back({s.column_real(0), s.column_text(1), s.column_text(2), s.column_text(3),
                       s.column_text(4), s.column_text(5), s.column_text(6)});
    return out;
}

}  // namespace sos::journal
