#include "journal/trades.hpp"

namespace sos::journal {

namespace {

std::optional<std::int64_t> opt_int(const Statement& s, int col) {
    return s.is_null(col) ? std::nullopt : std::optional<std::int64_t>(s.column_int(col));
}

}  // namespace

std::vector<Trade> load_trades(Database& db, std::int64_t run_id, const TimeRange& range) {
    Statement s = db.prepare(
        "SELECT order_id, signal_id, strategy, symbol, side, mode, legs, qty, entry_ts, exit_ts, closed, "
        "fees_paise, gross_pnl_paise, pnl_paise, risk_paise, reported_pnl_paise, exit_reasons "
        "FROM trades WHERE run_id = ?1 AND (?2 IS NULL OR entry_ts >= ?2) AND (?3 IS NULL OR entry_ts < ?3) "
        "ORDER BY entry_ts, order_id");
    bind_run_range(s, run_id, range);
    std::vector<Trade> out;
    while (s.step()) {
        Trade t;
        t.order_id = s.column_text(0);
        t.signal_id = s.column_text(1);
        t.strategy = s.column_text(2);
        t.symbol = s.column_text(3);
        t.side = s.column_text(4);
        t.mode = s.column_text(5);
        t.legs = static_cast<int>(s.column_int(6));
        t.qty = s.column_int(7);
        t.entry_ts = s.column_real(8);
        t.exit_ts = s.column_opt_real(9);
        t.closed = s.column_int(10) != 0;
        t.fees_paise = s.column_int(11);
        t.gross_paise = opt_int(s, 12);
        t.pnl_paise = opt_int(s, 13);
        t.risk_paise = opt_int(s, 14);
        t.reported_pnl_paise = opt_int(s, 15);
        t.exit_reasons = s.column_text(16);
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace sos::journal
