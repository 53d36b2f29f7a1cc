#include "dashboard/api.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

#include "dashboard/metrics.hpp"
#include "dashboard/views.hpp"
#include "diag/log.hpp"
#include "journal/runs.hpp"
#include "journal/schema.hpp"
#include "money/paise.hpp"

namespace sos::dashboard {

namespace {

namespace sj = sos::journal;
using Json = nlohmann::json;

int int_arg(const Request& r, const char* name, int fallback, int most) {
    const auto v = r.arg(name);
    int n = 0;
    if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n <= 0)
        return fallback;
    return std::min(n, most);
}

sj::TimeRange range_arg(const Request& r) {
    return sj::parse_time_range(r.arg("from").value_or(""), r.arg("to").value_or(""));
}

// A view's answer, or the error a reader of the journal would get from `status`: 503 while the
// journal or its run is not there yet (a pipeline about to start), 400 for a bad argument.
Response answer(const std::function<std::string()>& view) {
    try {
        return json_response(view());
    } catch (const sj::RunNotFound& e) {
        return error_response(503, e.what());
    } catch (const sj::JournalOpenError& e) {
        return error_response(503, e.what());
    } catch (const sj::JournalError& e) {
        return error_response(500, e.what());
    } catch (const std::invalid_argument& e) {
        return error_response(400, e.what());
    }
}

// A price as paise above 0, from a JSON number or decimal text; 0 when it is not one.
std::int64_t price_of(const Json& j, const char* name) {
    if (!j.contains(name)) return 0;
    const Json& v = j[name];
    std::optional<money::Paise> p;
    if (v.is_number()) p = money::Paise::parse(v.dump());
    if (v.is_string()) p = money::Paise::parse(v.get<std::string>());
    return p && p->value > 0 ? p->value : 0;
}

std::string ticket_problem(const Json& j, const std::vector<std::string>& brokers, OrderTicket& t) {
    if (!j.contains("symbol") || !j["symbol"].is_string() || j["symbol"].get<std::string>().empty())
        return "symbol: required";
    t.symbol = j["symbol"].get<std::string>();
    const auto side = j.contains("side") && j["side"].is_string()
                          ? vocab::parse<vocab::Side>(j["side"].get<std::string>())
                          : std::nullopt;
    if (!side) return "side: BUY or SELL";
    t.side = *side;
    if (!j.contains("qty") || !j["qty"].is_number_integer() || j["qty"].get<std::int64_t>() <= 0)
        return "qty: a whole number above 0";
    t.qty = j["qty"].get<std::int64_t>();
    t.stop_paise = price_of(j, "stop");
    if (t.stop_paise == 0) return "stop: a price above 0";
    t.target_paise = price_of(j, "target");
    if (t.target_paise == 0) return "target: a price above 0";
    for (const char* which : {"feed_broker", "exec_broker"}) {
        const std::string name = j.contains(which) && j[which].is_string() ? j[which].get<std::string>() : "";
        if (std::find(brokers.begin(), brokers.end(), name) == brokers.end())
            return std::string(which) + ": one of the brokers file's entries";
        (std::string_view(which) == "feed_broker" ? t.feed_broker : t.exec_broker) = name;
    }
    return {};
}

}  // namespace

double Api::now() const {
    return options_.clock ? options_.clock() : sj::wall_clock_seconds();
}

Response Api::handle(const Request& r) {
    if (auto refusal = access_.check(r)) return *refusal;
    if (r.method == Method::Post) {
        if (r.path == "/api/control") return control(r);
        if (r.path == "/api/order") return order(r);
        return error_response(404, "no such action: " + r.path);
    }
    if (r.method != Method::Get) return error_response(405, "GET or POST only");
    return read(r);
}

Response Api::read(const Request& r) {
    ViewScope scope{options_.run, now(), &options_.calendar, options_.limits};
    const auto with_db = [&](const std::function<std::string(sj::Database&)>& view) {
        return answer([&] {
            auto db = sj::open_journal(options_.db, sj::Access::Read);
            return view(db);
        });
    };
    const std::string& p = r.path;
    if (p == "/api/status")
        return with_db([&](auto& db) { return status_view(db, scope, int_arg(r, "signals", 5, 500)); });
    if (p == "/api/quality") return with_db([&](auto& db) { return quality_view(db, scope, range_arg(r)); });
    if (p == "/api/regimes") return with_db([&](auto& db) { return status_part(db, scope, "regimes", 0); });
    if (p == "/api/pipeline") return with_db([&](auto& db) { return pipeline_view(db, scope); });
    if (p == "/api/positions")
        return with_db([&](auto& db) { return positions_view(db, scope, int_arg(r, "limit", 50, 1000)); });
    if (p == "/api/pnl") return with_db([&](auto& db) { return pnl_view(db, scope); });
    if (p == "/api/signals")
        return with_db([&](auto& db) { return signals_view(db, scope, int_arg(r, "limit", 20, 500)); });
    if (p == "/api/alerts")
        return with_db([&](auto& db) { return alerts_view(db, scope, int_arg(r, "limit", 20, 500)); });
    if (p == "/api/report") return with_db([&](auto& db) { return report_view(db, scope); });
    if (p == "/api/candles")
        return with_db([&](auto& db) {
            return candles_view(db, scope, r.arg("symbol").value_or(""), r.arg("tf").value_or(""),
                                range_arg(r), int_arg(r, "limit", 2000, 20000));
        });
    if (p == "/api/brokers") return json_response(Json{{"brokers", options_.brokers}}.dump() + "\n");
    if (p == "/metrics") {
        Response m = with_db([&](auto& db) { return metrics_text(db, scope); });
        if (m.status == 200) m.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return m;
    }
    return error_response(404, "no such view: " + p);
}

Response Api::control(const Request& r) {
    const Json j = Json::parse(r.body, nullptr, false);
    const auto command = j.is_object() && j.contains("command") && j["command"].is_string()
                             ? vocab::parse<ControlCommand>(j["command"].get<std::string>())
                             : std::nullopt;
    if (!command) return error_response(400, "command: pause, resume, kill or reset");
    ControlAction a;
    a.command = command;
    a.scope = j.contains("scope") && j["scope"].is_string() ? j["scope"].get<std::string>() : "";
    a.who = "dashboard";
    const ControlReply reply = control_.send(a);
    diag::info("control {} (scope '{}') from the dashboard: {} {}", vocab::name(*command), a.scope,
               reply.status, reply.message);
    return reply.status == 200 ? json_response(Json{{"ok", true}, {"message", reply.message}}.dump() + "\n")
                               : error_response(reply.status, reply.message);
}

Response Api::order(const Request& r) {
    const Json j = Json::parse(r.body, nullptr, false);
    if (!j.is_object()) return error_response(400, "the ticket must be a JSON object");
    OrderTicket t;
    if (auto problem = ticket_problem(j, options_.brokers, t); !problem.empty())
        return error_response(400, problem);
    ControlAction a;
    a.ticket = t;
    a.who = "dashboard";
    const ControlReply reply = control_.send(a);
    diag::info("manual order {} {} x{} from the dashboard: {} {}", vocab::name(t.side), t.symbol, t.qty,
               reply.status, reply.message);
    return reply.status == 200 ? json_response(Json{{"ok", true}, {"message", reply.message}}.dump() + "\n")
                               : error_response(reply.status, reply.message);
}

}  // namespace sos::dashboard
