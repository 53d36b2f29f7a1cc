// The views the page draws charts from: a symbol's candles with its fills marked, and a run's
// equity with its drawdown and trades (the browse mode for a finished journal).
#include <deque>
#include <nlohmann/json.hpp>
#include <set>

#include "dashboard/json_document.hpp"
#include "dashboard/views.hpp"
#include "journal/report.hpp"
#include "journal/report_format.hpp"
#include "journal/run_lines.hpp"
#include "journal/runs.hpp"

namespace sos::dashboard {

namespace {

using Json = nlohmann::ordered_json;
namespace sj = sos::journal;

std::string text_of(const nlohmann::json& j, const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double number_of(const nlohmann::json& j, const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

struct CandleScan {
    std::set<std::pair<std::string, std::string>> series;  // (symbol, tf) of every candle
    std::deque<Json> candles;                              // of the chosen series, the last `limit`
};

// The run's CANDLE lines, wherever the journal keeps them (market blocks or raw), read in order.
// The first series met is the one drawn when none was asked for.
CandleScan scan_candles(sj::Database& db, std::int64_t run_id, std::string& symbol, std::string& tf,
                        const sj::TimeRange& range, int limit) {
    CandleScan scan;
    sj::RunLines lines(db, run_id);
    while (lines.next()) {
        if (lines.type() != "CANDLE") continue;
        const auto j = nlohmann::json::parse(lines.line(), nullptr, false);
        if (!j.is_object()) continue;
        std::string sym = text_of(j, "symbol"), t = text_of(j, "tf");
        scan.series.emplace(sym, t);
        if (symbol.empty()) symbol = sym;
        if (tf.empty() && sym == symbol) tf = t;
        if (sym != symbol || t != tf) continue;
        const double ts = number_of(j, "timestamp");
        if (!range.contains(ts)) continue;
        // lightweight-charts wants one bar per time, ascending: a repeated bar replaces the last.
        if (!scan.candles.empty() && scan.candles.back()["t"].get<double>() >= ts) scan.candles.pop_back();
        scan.candles.push_back(Json{{"t", ts},
                                    {"o", number_of(j, "o")},
                                    {"h", number_of(j, "h")},
                                    {"l", number_of(j, "l")},
                                    {"c", number_of(j, "c")},
                                    {"v", number_of(j, "v")}});
        if (static_cast<int>(scan.candles.size()) > limit) scan.candles.pop_front();
    }
    return scan;
}

// The symbol's fills, each an entry (the side its order's leg opened with) or an exit, with the
// EXIT lines' reasons.
Json fill_markers(sj::Database& db, std::int64_t run_id, const std::string& symbol,
                  const sj::TimeRange& range) {
    sj::Statement s = db.prepare(
        "SELECT f.ts, f.side, f.qty, f.price_paise, f.order_id, f.side = (SELECT side FROM fills g WHERE "
        "g.run_id = f.run_id AND g.order_id = f.order_id AND g.symbol IS f.symbol AND g.hist = 0 ORDER BY "
        "g.id "
        "LIMIT 1), (SELECT group_concat(reason) FROM exits x WHERE x.run_id = f.run_id AND x.order_id = "
        "f.order_id) FROM fills f WHERE f.run_id = ?1 AND f.hist = 0 AND (?2 IS NULL OR f.ts >= ?2) AND "
        "(?3 IS NULL OR f.ts < ?3) AND f.symbol = ?4 ORDER BY f.ts, f.id");
    sj::bind_run_range(s, run_id, range);
    s.bind_text(4, symbol);
    Json out = Json::array();
    while (s.step()) {
        const bool entry = s.column_int(5) != 0;
        out.push_back(Json{{"t", s.column_real(0)},
                           {"side", s.column_text(1)},
                           {"qty", s.column_int(2)},
                           {"price_paise", s.column_int(3)},
                           {"order_id", s.column_text(4)},
                           {"kind", entry ? "entry" : "exit"},
                           {"reason", entry || s.is_null(6) ? Json(nullptr) : Json(s.column_text(6))}});
    }
    return out;
}

}  // namespace

std::string candles_view(sj::Database& db, const ViewScope& scope, const std::string& symbol_asked,
                         const std::string& tf_asked, const sj::TimeRange& range, int limit) {
    return sj::in_transaction(db, "BEGIN", [&] {
        const sj::Run run = sj::resolve_run(db, scope.run);
        std::string symbol = symbol_asked, tf = tf_asked;
        CandleScan scan = scan_candles(db, run.id, symbol, tf, range, limit);
        Json series = Json::array();
        for (const auto& [sym, t] : scan.series)
            series.push_back(Json{{"symbol", sym}, {"tf", t}});
        Json candles = Json::array();
        for (auto& c : scan.candles)
            candles.push_back(std::move(c));
        return json_document(
            Json{{"run", run.name},
                 {"now", scope.now},
                 {"symbol", symbol},
                 {"tf", tf},
                 {"series", std::move(series)},
                 {"candles", std::move(candles)},
                 {"markers", symbol.empty() ? Json::array() : fill_markers(db, run.id, symbol, range)}});
    });
}

std::string report_view(sj::Database& db, const ViewScope& scope) {
    sj::ReportOptions o;
    o.run = scope.run;
    o.calendar = scope.calendar;
    const sj::Report r = sj::build_report(db, o);
    Json j = Json::parse(sj::format_report_json(r));
    Json equity = Json::array();
    std::int64_t peak = 0;
    for (const auto& p : r.equity) {
        peak = std::max(peak, p.equity_paise);
        equity.push_back(
            Json{{"t", p.ts}, {"equity_paise", p.equity_paise}, {"drawdown_paise", p.equity_paise - peak}});
    }
    Json trades = Json::array();
    for (const auto& t : r.trades)
        trades.push_back(Json{{"order_id", t.order_id},
                              {"strategy", t.strategy},
                              {"symbol", t.symbol},
                              {"side", t.side},
                              {"qty", t.qty},
                              {"entry_at", t.entry_ts},
                              {"exit_at", t.exit_ts ? Json(*t.exit_ts) : Json(nullptr)},
                              {"pnl_paise", t.pnl_paise ? Json(*t.pnl_paise) : Json(nullptr)},
                              {"exit_reasons", t.exit_reasons}});
    j["equity"] = std::move(equity);
    j["trades"] = std::move(trades);
    return json_document(j);
}

}  // namespace sos::dashboard
