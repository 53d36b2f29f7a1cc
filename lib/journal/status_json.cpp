// The status view as one JSON object: the same facts as the text, money in paise, times in epoch
// seconds, ages in seconds at the view's time.
#include <nlohmann/json.hpp>

#include "journal/status_format.hpp"

namespace sos::journal {

namespace {

using Json = nlohmann::ordered_json;

Json opt(const std::optional<double>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Json tool_json(const ToolHealth& h, const Status& s) {
    Json state = Json::object();
    for (const auto& [name, value] : h.state)
        state[name] = Json::parse(value, nullptr, false);
    return Json{{"tool", h.tool},
                {"pid", h.pid},
                {"host", h.host},
                {"version", h.version},
                {"at", h.at},
                {"age_s", s.now - h.at},
                {"silent", is_silent(h, s.now, s.limits)},
                {"uptime_s", h.uptime_s},
                {"in", h.in},
                {"out", h.out},
                {"bad", h.bad},
                {"lag_s", opt(h.lag_s)},
                {"state", std::move(state)}};
}

Json feed_json(const Status& s) {
    const StatusFacts& f = s.facts;
    Json sources = Json::array();
    for (const auto& src : f.sources)
        sources.push_back(Json{{"src", src.src},
                               {"newest_type", src.last_type},
                               {"newest_symbol", src.last_symbol},
                               {"newest_tf", src.last_tf},
                               {"ends", src.last_end},
                               {"age_s", s.now - src.last_end},
                               {"bar_s", src.bar_s},
                               {"fresh", !is_stale(src, s.now, s.calendar, s.limits)},
                               {"lines", src.lines},
                               {"symbols", src.symbols}});
    Json instances = Json::array();
    for (const auto& i : f.instances)
        instances.push_back(
            Json{{"name", i.name},
                 {"state", i.state},
                 {"connection", i.connection},
                 {"tick_age_s", i.tick_age_s ? Json(*i.tick_age_s + (s.now - i.at)) : Json(nullptr)},
                 {"health_at", i.at}});
    return Json{{"sources", std::move(sources)},
                {"instances", std::move(instances)},
                {"history_lines", f.history_lines},
                {"history_end", opt(f.history_end)}};
}

Json switch_json(const Switch& sw) {
    return Json{{"on", sw.on}, {"at", opt(sw.at)}, {"evidence", sw.evidence}};
}

void controls_json(const StatusFacts& f, Json& j) {
    Json kill = switch_json(f.kill);
    kill["scopes"] = f.scoped_kills;
    j["kill"] = std::move(kill);
    j["pause"] = switch_json(f.pause);
    j["breaker"] = Json{{"known", f.breaker.known},
                        {"open", f.breaker.known ? Json(f.breaker.open.has_value()) : Json(nullptr)},
                        {"reason", f.breaker.open ? Json(*f.breaker.open) : Json(nullptr)},
                        {"at", opt(f.breaker.at)},
                        {"evidence", f.breaker.evidence},
                        {"last_alert", f.last_circuit_alert ? Json(*f.last_circuit_alert) : Json(nullptr)}};
}

void trading_json(const StatusFacts& f, Json& j) {
    Json positions = Json::array();
    for (const auto& p : f.positions)
        positions.push_back(Json{{"symbol", p.symbol},
                                 {"qty", p.qty},
                                 {"avg_price_paise", p.avg_price_paise},
                                 {"unrealized_paise", p.unrealized_paise},
                                 {"realized_paise", p.realized_paise},
                                 {"at", p.at},
                                 {"mode", p.mode}});
    j["positions"] = std::move(positions);
    static constexpr const char* kSources[] = {"positions", "exits", "none"};
    j["day"] = Json{{"date", f.day.date ? Json(time::format_date(*f.day.date)) : Json(nullptr)},
                    {"realized_paise", f.day.realized_paise},
                    {"unrealized_paise", f.day.unrealized_paise},
                    {"total_paise", f.day.total_paise()},
                    {"from", kSources[static_cast<int>(f.day.source)]},
                    {"orders", f.orders_today}};
    Json signals = Json::array();
    for (const auto& s : f.signals)
        signals.push_back(Json{{"at", s.ts},
                               {"id", s.signal_id},
                               {"symbol", s.symbol},
                               {"strategy", s.strategy},
                               {"side", s.side},
                               {"tf", s.tf},
                               {"regime", s.regime},
                               {"outcome", vocab::name(s.fate)},
                               {"stage", s.stage},
                               {"reason", s.reason},
                               {"detail", s.detail}});
    j["signals"] = std::move(signals);
}

}  // namespace

std::string format_status_json(const Status& s) {
    const StatusFacts& f = s.facts;
    Json j;
    j["journal"] = f.path;
    j["run"] = f.run.name;
    j["started_at"] = f.run.started_at;
    j["ended_at"] = opt(f.run.ended_at);
    j["now"] = s.now;
    j["verdict"] = Json{{"activity", vocab::name(s.verdict.activity)},
                        {"reason", s.verdict.reason ? Json(vocab::name(*s.verdict.reason)) : Json(nullptr)},
                        {"evidence", s.verdict.evidence}};
    Json tools = Json::array();
    for (const auto& h : f.tools)
        tools.push_back(tool_json(h, s));
    j["tools"] = std::move(tools);
    j["feed"] = feed_json(s);
    Json regimes = Json::array();
    for (const auto& r : f.regimes)
        regimes.push_back(Json{{"symbol", r.symbol}, {"regime", r.regime}, {"flags", r.flags}, {"at", r.at}});
    j["regimes"] = std::move(regimes);
    controls_json(f, j);
    trading_json(f, j);
    return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sos::journal
