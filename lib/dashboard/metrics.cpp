#include "dashboard/metrics.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace sos::dashboard {

namespace {

using Json = nlohmann::json;

class Writer {
public:
    // Declares a metric once, before its samples.
    void family(const char* name, const char* type, const char* help) {
        out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
    }
    void sample(const char* name, const std::string& labels, double value) {
        out_ += labels.empty() ? fmt::format("{} {}\n", name, value)
                               : fmt::format("{}{{{}}} {}\n", name, labels, value);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

double num(const Json& v) {
    return v.is_number() ? v.get<double>() : 0.0;
}

std::string label(const char* name, const Json& v) {
    return fmt::format("{}=\"{}\"", name, label_value(v.is_string() ? v.get<std::string>() : v.dump()));
}

void tools(Writer& w, const Json& s) {
    w.family("sos_tool_health_age_seconds", "gauge", "Seconds since the tool's last HEALTH line");
    for (const auto& t : s["tools"])
        w.sample("sos_tool_health_age_seconds", label("tool", t["tool"]), num(t["age_s"]));
    w.family("sos_tool_silent", "gauge", "1 when the tool's last HEALTH is older than --silent-after");
    for (const auto& t : s["tools"])
        w.sample("sos_tool_silent", label("tool", t["tool"]), t["silent"].get<bool>() ? 1 : 0);
    const std::pair<const char*, const char*> counters[] = {
        {"in", "sos_tool_lines_in"}, {"out", "sos_tool_lines_out"}, {"bad", "sos_tool_bad_lines"}};
    for (const auto& [field, name] : counters) {
        w.family(name, "gauge", "Lines as the tool's last HEALTH counted them");
        for (const auto& t : s["tools"])
            w.sample(name, label("tool", t["tool"]), num(t[field]));
    }
    w.family("sos_tool_lag_seconds", "gauge", "The tool's lag behind the event clock (last HEALTH)");
    for (const auto& t : s["tools"])
        if (t["lag_s"].is_number())
            w.sample("sos_tool_lag_seconds", label("tool", t["tool"]), num(t["lag_s"]));
}

void feed(Writer& w, const Json& s) {
    w.family("sos_feed_age_seconds", "gauge", "Seconds since the source's newest market data ended");
    for (const auto& f : s["feed"]["sources"])
        w.sample("sos_feed_age_seconds", label("src", f["src"]), num(f["age_s"]));
    w.family("sos_feed_fresh", "gauge", "1 when the source's data is fresh");
    for (const auto& f : s["feed"]["sources"])
        w.sample("sos_feed_fresh", label("src", f["src"]), f["fresh"].get<bool>() ? 1 : 0);
    w.family("sos_feed_lines", "gauge", "Live market lines journaled from the source");
    for (const auto& f : s["feed"]["sources"])
        w.sample("sos_feed_lines", label("src", f["src"]), num(f["lines"]));
}

void switches(Writer& w, const Json& s) {
    w.family("sos_kill_switch", "gauge", "1 when the kill switch is on");
    w.sample("sos_kill_switch", "", s["kill"]["on"].get<bool>() ? 1 : 0);
    w.family("sos_paused", "gauge", "1 when new entries are paused");
    w.sample("sos_paused", "", s["pause"]["on"].get<bool>() ? 1 : 0);
    w.family("sos_breaker_open", "gauge", "1 when a circuit breaker of sos-risk is open");
    w.sample("sos_breaker_open", "",
             s["breaker"]["open"].is_boolean() && s["breaker"]["open"].get<bool>() ? 1 : 0);
    w.family("sos_activity", "gauge", "1 for the verdict status gives (TRADING, READY, NOT_TRADING)");
    for (const char* a : {"TRADING", "READY", "NOT_TRADING"})
        w.sample("sos_activity", label("activity", Json(a)), s["verdict"]["activity"] == a ? 1 : 0);
    w.family("sos_regime", "gauge", "1 for the regime each underlying is in now");
    for (const auto& r : s["regimes"])
        w.sample("sos_regime", label("symbol", r["symbol"]) + "," + label("regime", r["regime"]), 1);
}

void trading(Writer& w, const Json& s) {
    w.family("sos_position_qty", "gauge", "Open position, signed quantity");
    for (const auto& p : s["positions"])
        w.sample("sos_position_qty", label("symbol", p["symbol"]), num(p["qty"]));
    w.family("sos_position_unrealized_paise", "gauge", "Open position's marked P&L, paise");
    for (const auto& p : s["positions"])
        w.sample("sos_position_unrealized_paise", label("symbol", p["symbol"]), num(p["unrealized_paise"]));
    w.family("sos_day_pnl_paise", "gauge", "The day's P&L, paise");
    for (const char* k : {"realized", "unrealized", "total"})
        w.sample("sos_day_pnl_paise", label("part", Json(k)), num(s["day"][std::string(k) + "_paise"]));
    w.family("sos_orders_today", "gauge", "Signals of the day routed as orders");
    w.sample("sos_orders_today", "", num(s["day"]["orders"]));
}

void quality(Writer& w, const Json& q) {
    const char* counts[] = {"signals", "routed", "accepted", "filled", "rejected", "pending", "vetoed"};
    w.family("sos_signals", "gauge", "Signals per strategy and regime, by what became of them (quality)");
    for (const auto& r : q["rows"])
        for (const char* c : counts)
            w.sample("sos_signals",
                     label("strategy", r["strategy"]) + "," + label("regime", r["regime"]) + "," +
                         label("outcome", Json(c)),
                     num(r[c]));
    w.family("sos_rejections", "gauge", "Rejections per strategy, regime, stage and reason (quality)");
    for (const auto& r : q["reasons"])
        w.sample("sos_rejections",
                 label("strategy", r["strategy"]) + "," + label("regime", r["regime"]) + "," +
                     label("stage", r["stage"]) + "," + label("reason", r["reason"]),
                 num(r["count"]));
}

}  // namespace

std::string label_value(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string metrics_from(const std::string& status, const std::string& quality_doc) {
    const Json s = Json::parse(status);
    const Json q = Json::parse(quality_doc);
    Writer w;
    tools(w, s);
    feed(w, s);
    switches(w, s);
    trading(w, s);
    quality(w, q);
    return w.take();
}

std::string metrics_text(journal::Database& db, const ViewScope& scope) {
    return metrics_from(status_view(db, scope, 0), quality_view(db, scope, {}));
}

}  // namespace sos::dashboard
