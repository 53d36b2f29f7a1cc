#include "journal/trade_views.hpp"

namespace sos::journal {

namespace {

// One row per leg: the non-history fills of one order on one symbol. gross_paise is only
// meaningful once the leg is closed (exit_qty = entry_qty).
constexpr const char* kTradeLegs = R"sql(
CREATE VIEW trade_legs AS
WITH f AS (
    SELECT run_id, order_id, symbol, side, qty, price_paise, fees_paise, ts, mode,
           first_value(side) OVER (PARTITION BY run_id, order_id, symbol ORDER BY id) AS open_side
    FROM fills WHERE hist = 0)
SELECT run_id, order_id, symbol, open_side AS side, max(mode) AS mode, count(*) AS fills,
       sum(CASE WHEN side = open_side THEN qty ELSE 0 END) AS entry_qty,
       sum(CASE WHEN side = open_side THEN qty * price_paise ELSE 0 END) AS entry_value_paise,
       sum(CASE WHEN side = open_side THEN 0 ELSE qty END) AS exit_qty,
       sum(CASE WHEN side = open_side THEN 0 ELSE qty * price_paise END) AS exit_value_paise,
       sum(coalesce(fees_paise, 0)) AS fees_paise,
       min(ts) AS entry_ts,
       max(CASE WHEN side = open_side THEN NULL ELSE ts END) AS exit_ts,
       (CASE open_side WHEN 'SELL' THEN -1 ELSE 1 END) *
           (sum(CASE WHEN side = open_side THEN 0 ELSE qty * price_paise END) -
            sum(CASE WHEN side = open_side THEN qty * price_paise ELSE 0 END)) AS gross_paise
FROM f GROUP BY run_id, order_id, symbol;
)sql";

// One row per trade. The order and signal are the first non-history ones of their id in the
// run (an id is unique there; history copies come second). Risk R is |entry - sl| x qty in
// paise, from the signal's entry and stop (the order's trigger and stop when there is no
// signal) and the order's quantity.
constexpr const char* kTrades = R"sql(
CREATE VIEW trades AS
WITH o AS (
    SELECT run_id, order_id, signal_id, strategy, symbol, side, qty, sl,
           coalesce(trigger_price, price) AS price,
           row_number() OVER (PARTITION BY run_id, order_id ORDER BY hist, id) AS n
    FROM orders),
s AS (
    SELECT run_id, signal_id, pattern_id, side, entry, sl,
           row_number() OVER (PARTITION BY run_id, signal_id ORDER BY hist, id) AS n
    FROM signals),
x AS (
    SELECT run_id, order_id, group_concat(DISTINCT reason) AS reasons, sum(pnl_paise) AS pnl_paise
    FROM exits WHERE hist = 0 GROUP BY run_id, order_id),
t AS (
    SELECT run_id, order_id, count(*) AS legs, max(mode) AS mode,
           min(symbol) AS leg_symbol, min(side) AS leg_side,
           sum(entry_qty) AS entry_qty, sum(entry_value_paise) AS entry_value_paise,
           sum(exit_qty) AS exit_qty, sum(exit_value_paise) AS exit_value_paise,
           sum(fees_paise) AS fees_paise, min(entry_ts) AS entry_ts, max(exit_ts) AS exit_ts,
           min(exit_qty = entry_qty AND entry_qty > 0) AS closed, sum(gross_paise) AS gross_paise
    FROM trade_legs GROUP BY run_id, order_id),
j AS (
    SELECT t.*, o.signal_id, o.qty AS order_qty,
           coalesce(nullif(s.pattern_id, ''), nullif(o.strategy, ''), '?') AS strategy,
           coalesce(o.symbol, t.leg_symbol) AS symbol,
           CASE WHEN t.legs = 1 THEN t.leg_side ELSE coalesce(nullif(o.side, ''), s.side) END AS side,
           CAST(round(abs(coalesce(s.entry, o.price) - coalesce(s.sl, o.sl)) *
                      coalesce(o.qty, t.entry_qty) * 100) AS INTEGER) AS risk_paise,
           x.reasons, x.pnl_paise AS reported_pnl_paise
    FROM t
    LEFT JOIN o ON o.run_id = t.run_id AND o.order_id = t.order_id AND o.n = 1
    LEFT JOIN s ON s.run_id = t.run_id AND s.signal_id = o.signal_id AND s.n = 1
    LEFT JOIN x ON x.run_id = t.run_id AND x.order_id = t.order_id)
SELECT run_id, order_id, signal_id, strategy, symbol, side, legs, mode,
       CASE WHEN legs = 1 THEN entry_qty ELSE order_qty END AS qty,
       CASE WHEN legs = 1 AND entry_qty > 0 THEN entry_value_paise / 100.0 / entry_qty END AS entry_price,
       CASE WHEN legs = 1 AND exit_qty > 0 THEN exit_value_paise / 100.0 / exit_qty END AS exit_price,
       entry_ts,
       CASE WHEN closed THEN exit_ts END AS exit_ts,
       CASE WHEN closed THEN exit_ts - entry_ts END AS hold_s,
       closed,
       CASE WHEN closed THEN gross_paise END AS gross_pnl_paise,
       fees_paise,
       CASE WHEN closed THEN gross_paise - fees_paise END AS pnl_paise,
       nullif(risk_paise, 0) AS risk_paise,
       CASE WHEN closed AND risk_paise > 0 THEN (gross_paise - fees_paise) * 1.0 / risk_paise END AS r_multiple,
       reasons AS exit_reasons,
       reported_pnl_paise
FROM j;
)sql";

}  // namespace

std::string trade_views_sql() {
    return std::string(kTradeLegs) + kTrades;
}

}  // namespace sos::journal
