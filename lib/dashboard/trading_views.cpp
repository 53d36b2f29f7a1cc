// The views of trading that status does not hold: the orders with their latest state, the day's
// P&L curve and the alerts.
#include <map>
#include <nlohmann/json.hpp>

#include "dashboard/json_document.hpp"
#include "dashboard/views.hpp"
#include "journal/runs.hpp"
#include "journal/status_format.hpp"

namespace sos::dashboard {

namespace {

using Json = nlohmann::ordered_json;
namespace sj = sos::journal;

Json opt_real(const sj::Statement& s, int col) {
    return s.is_null(col) ? Json(nullptr) : Json(s.column_real(col));
}
Json opt_int(const sj::Statement& s, int col) {
    return s.is_null(col) ? Json(nullptr) : Json(s.column_int(col));
}
Json opt_text(const sj::Statement& s, int col) {
    return s.is_null(col) ? Json(nullptr) : Json(s.column_text(col));
}

// The exit-side orders sos-exec --live placed for an ORDER (lib/broker/live: "ID/stop",
// "ID/exit", "ID/exit2", ...), and its parts that ended with nothing while it went on
// ("ID/part-S...", event/order_parts.hpp), each with its last update, in id order. They are ORDER_UPDATEs
// only, so they are found by their id's prefix: ids from "ID/" up to "ID0" ('0' follows '/').
Json exits_of(sj::Database& db, std::int64_t run_id, const std::string& order_id) {
    sj::Statement s = db.prepare(
        "SELECT u.order_id, u.status, u.filled_qty, u.avg_price_paise, u.message, u.ts FROM order_updates u "
        "WHERE u.run_id = ?1 AND u.order_id >= ?2 AND u.order_id < ?3 AND u.id = (SELECT max(id) FROM "
        "order_updates WHERE order_id = u.order_id AND run_id = u.run_id) ORDER BY u.order_id");
    s.bind_int(1, run_id);
    s.bind_text_copy(2, order_id + "/");
    s.bind_text_copy(3, order_id + "0");
    Json out = Json::array();
    while (s.step())
        out.push_back(Json{{"order_id", s.column_text(0)},
                           {"status", opt_text(s, 1)},
                           {"filled_qty", opt_int(s, 2)},
                           {"avg_price_paise", opt_int(s, 3)},
                           {"message", opt_text(s, 4)},
                           {"updated_at", opt_real(s, 5)}});
    return out;
}

// The run's live orders, newest first, each with the broker's last word on it and its exits.
Json orders_of(sj::Database& db, std::int64_t run_id, int limit) {
    sj::Statement s = db.prepare(
        "SELECT o.ts, o.order_id, o.symbol, o.side, o.qty, o.order_type, o.price, o.sl, o.tp, o.strategy, "
        "o.route, u.status, u.filled_qty, u.avg_price_paise, u.message, u.ts FROM orders o "
        "LEFT JOIN order_updates u ON u.id = (SELECT max(id) FROM order_updates WHERE order_id = o.order_id "
        "AND "
        "run_id = o.run_id) WHERE o.run_id = ?1 AND o.hist = 0 ORDER BY o.id DESC LIMIT ?2");
    s.bind_int(1, run_id);
    s.bind_int(2, limit);
    Json out = Json::array();
    while (s.step())
        out.push_back(Json{{"at", opt_real(s, 0)},
                           {"order_id", s.column_text(1)},
                           {"symbol", opt_text(s, 2)},
                           {"side", opt_text(s, 3)},
                           {"qty", opt_int(s, 4)},
                           {"order_type", opt_text(s, 5)},
                           {"price", opt_real(s, 6)},
                           {"sl", opt_real(s, 7)},
                           {"tp", opt_real(s, 8)},
                           {"strategy", opt_text(s, 9)},
                           {"route", opt_text(s, 10)},
                           {"status", s.is_null(11) ? Json("SENT") : Json(s.column_text(11))},
                           {"filled_qty", opt_int(s, 12)},
                           {"avg_price_paise", opt_int(s, 13)},
                           {"message", opt_text(s, 14)},
                           {"updated_at", opt_real(s, 15)}});
    for (Json& o : out)
        o["exits"] = exits_of(db, run_id, o["order_id"].get<std::string>());
    return out;
}

// The trading day status judged by ([start, end) in epoch seconds), from its date.
sj::TimeRange day_range(const Json& day, const time::Calendar& calendar) {
    if (!day["date"].is_string()) return {};
    const auto date = time::parse_date(day["date"].get<std::string>());
    if (!date) return {};
    const auto zone = calendar.zone();
    return {zone.at(*date, 0).seconds(), zone.at(time::add_days(*date, 1), 0).seconds()};
}

Json position_curve(sj::Database& db, std::int64_t run_id, const sj::TimeRange& day) {
    sj::Statement s = db.prepare(
        "SELECT ts, coalesce(symbol, '-'), coalesce(realized_pnl_paise, 0) + coalesce(unrealized_pnl_paise, "
        "0) "
        "FROM positions WHERE run_id = ?1 AND hist = 0 AND ts >= ?2 AND ts < ?3 ORDER BY id");
    sj::bind_run_range(s, run_id, day);
    std::map<std::string, std::int64_t> by_symbol;
    std::int64_t total = 0;
    Json points = Json::array();
    while (s.step()) {
        std::int64_t& mine = by_symbol[s.column_text(1)];
        total += s.column_int(2) - mine;
        mine = s.column_int(2);
        const double t = s.column_real(0);
        // Lines of one moment (a mark of every symbol) make one point: its last.
        if (!points.empty() && points.back()["t"].get<double>() == t) points.erase(points.size() - 1);
        points.push_back(Json{{"t", t}, {"total_paise", total}});
    }
    return points;
}

Json exit_curve(sj::Database& db, std::int64_t run_id, const sj::TimeRange& day) {
    sj::Statement s = db.prepare(
        "SELECT ts, coalesce(pnl_paise, 0) FROM exits WHERE run_id = ?1 AND hist = 0 AND ts >= ?2 AND ts < "
        "?3 "
        "ORDER BY id");
    sj::bind_run_range(s, run_id, day);
    std::int64_t total = 0;
    Json points = Json::array();
    while (s.step()) {
        total += s.column_int(1);
        const double t = s.column_real(0);
        if (!points.empty() && points.back()["t"].get<double>() == t) points.erase(points.size() - 1);
        points.push_back(Json{{"t", t}, {"total_paise", total}});
    }
    return points;
}

}  // namespace

std::string positions_view(sj::Database& db, const ViewScope& scope, int limit) {
    Json s = Json::parse(status_view(db, scope, 0));
    return sj::in_transaction(db, "BEGIN", [&] {
        const sj::Run run = sj::resolve_run(db, scope.run);
        return json_document(Json{{"run", s["run"]},
                                  {"now", s["now"]},
                                  {"positions", s["positions"]},
                                  {"day", s["day"]},
                                  {"orders", orders_of(db, run.id, limit)}});
    });
}

std::string pnl_view(sj::Database& db, const ViewScope& scope) {
    Json s = Json::parse(status_view(db, scope, 0));
    const time::Calendar calendar = scope.calendar ? *scope.calendar : time::Calendar::nse_default();
    return sj::in_transaction(db, "BEGIN", [&] {
        const sj::Run run = sj::resolve_run(db, scope.run);
        const sj::TimeRange day = day_range(s["day"], calendar);
        const std::string from = s["day"]["from"].get<std::string>();
        Json points = Json::array();
        if (day.bounded() && from == "positions") points = position_curve(db, run.id, day);
        if (day.bounded() && from == "exits") points = exit_curve(db, run.id, day);
        return json_document(Json{{"run", s["run"]},
                                  {"now", s["now"]},
                                  {"day", s["day"]},
                                  {"from", from},
                                  {"points", std::move(points)}});
    });
}

std::string alerts_view(sj::Database& db, const ViewScope& scope, int limit) {
    return sj::in_transaction(db, "BEGIN", [&] {
        const sj::Run run = sj::resolve_run(db, scope.run);
        sj::Statement s = db.prepare(
            "SELECT ts, level, code, message, tool FROM alerts WHERE run_id = ?1 ORDER BY id DESC LIMIT ?2");
        s.bind_int(1, run.id);
        s.bind_int(2, limit);
        Json alerts = Json::array();
        while (s.step())
            alerts.push_back(Json{{"at", opt_real(s, 0)},
                                  {"level", opt_text(s, 1)},
                                  {"code", opt_text(s, 2)},
                                  {"message", opt_text(s, 3)},
                                  {"tool", opt_text(s, 4)}});
        return json_document(Json{{"run", run.name}, {"now", scope.now}, {"alerts", std::move(alerts)}});
    });
}

}  // namespace sos::dashboard
