// sos-journal serve's handlers against journals written as sos-journal writes them, the writer
// still open: each view holds what status, quality and the journal's tables hold; state changes
// need the token and reach the control port; /metrics carries the same figures.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dashboard/api.hpp"
#include "dashboard/change_watch.hpp"
#include "dashboard/metrics.hpp"
#include "journal/status_format.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;
using namespace sos::dashboard;
using Json = nlohmann::json;

namespace {

// Tuesday 2024-01-09 on the exchange's clock.
constexpr long long kOpen = 1704771900;   // 09:15:00 IST
constexpr long long kTen = kOpen + 2700;  // 10:00:00 IST
constexpr const char* kToken = "test-token-123";

std::string at(long long ts) {
    return std::to_string(ts);
}

// A morning of one pipeline: candles, a regime, a signal filled and exited, one refused, marks,
// health and an alert.
void write_morning(Store& store) {
    append(store,
           "{\"type\":\"HEALTH\",\"timestamp\":" + at(kTen + 290) +
               ",\"tool\":\"sos-risk\",\"pid\":42,\"uptime_s\":60,\"in\":10,\"out\":11,\"bad\":0,\"host\":"
               "\"box\",\"started\":0,\"version\":\"0.1.0\",\"open_orders\":0,\"breaker\":null,\"killed\":"
               "false,\"paused\":false}");
    for (int i = 0; i < 5; ++i)
        append(store, "{\"type\":\"CANDLE\",\"timestamp\":" + at(kTen + 60 * i) +
                          ",\"symbol\":\"NIFTY\",\"tf\":\"1m\",\"o\":100,\"h\":110,\"l\":99,\"c\":" +
                          std::to_string(100 + i) + ",\"v\":10,\"src\":\"feed\"}");
    append(store,
           "{\"type\":\"CANDLE\",\"timestamp\":" + at(kTen) +
               ",\"symbol\":\"SBIN\",\"tf\":\"5m\",\"o\":600,\"h\":601,\"l\":599,\"c\":600,\"v\":1,\"src\":"
               "\"feed\"}");
    append(store,
           "{\"type\":\"REGIME\",\"timestamp\":" + at(kTen) +
               ",\"symbol\":\"NIFTY\",\"regime\":\"BULLISH\",\"score\":3,\"flags\":[],\"changed\":true,"
               "\"inputs\":{}}");
    append(store,
           "{\"type\":\"SIGNAL\",\"timestamp\":" + at(kTen + 60) +
               ",\"symbol\":\"NIFTY\",\"id\":\"A\",\"pattern_id\":\"orb\",\"side\":\"BUY\",\"tf\":\"1m\","
               "\"regime\":\"BULLISH\"}");
    append(store, "{\"type\":\"ORDER\",\"timestamp\":" + at(kTen + 60) +
                      ",\"symbol\":\"NIFTY\",\"id\":\"A#1\",\"signal_id\":\"A\",\"side\":\"BUY\",\"qty\":50,"
                      "\"order_type\":\"MARKET\",\"sl\":99,\"tp\":104}");
    append(store,
           "{\"type\":\"ORDER_UPDATE\",\"timestamp\":" + at(kTen + 61) +
               ",\"symbol\":\"NIFTY\",\"id\":\"A#1\",\"status\":\"COMPLETE\",\"filled_qty\":50,\"avg_price\":"
               "101}");
    append(store, "{\"type\":\"FILL\",\"timestamp\":" + at(kTen + 61) +
                      ",\"symbol\":\"NIFTY\",\"order_id\":\"A#1\",\"side\":\"BUY\",\"qty\":50,\"price\":101,"
                      "\"mode\":\"paper\"}");
    append(store,
           "{\"type\":\"POSITION\",\"timestamp\":" + at(kTen + 61) +
               ",\"symbol\":\"NIFTY\",\"qty\":50,\"avg_price\":101,\"realized_pnl\":0,\"unrealized_pnl\":0,"
               "\"mode\":\"paper\"}");
    append(store,
           "{\"type\":\"POSITION\",\"timestamp\":" + at(kTen + 120) +
               ",\"symbol\":\"NIFTY\",\"qty\":50,\"avg_price\":101,\"realized_pnl\":0,\"unrealized_pnl\":50,"
               "\"mode\":\"paper\"}");
    append(store,
           "{\"type\":\"FILL\",\"timestamp\":" + at(kTen + 180) +
               ",\"symbol\":\"NIFTY\",\"order_id\":\"A#1\",\"side\":\"SELL\",\"qty\":50,\"price\":103.5,"
               "\"mode\":\"paper\"}");
    append(store,
           "{\"type\":\"EXIT\",\"timestamp\":" + at(kTen + 180) +
               ",\"symbol\":\"NIFTY\",\"order_id\":\"A#1\",\"reason\":\"TP\",\"price\":103.5,\"qty\":50,"
               "\"pnl\":125}");
    append(store,
           "{\"type\":\"POSITION\",\"timestamp\":" + at(kTen + 180) +
               ",\"symbol\":\"NIFTY\",\"qty\":0,\"avg_price\":0,\"realized_pnl\":125,\"unrealized_pnl\":0,"
               "\"mode\":\"paper\"}");
    append(store,
           "{\"type\":\"SIGNAL\",\"timestamp\":" + at(kTen + 240) +
               ",\"symbol\":\"NIFTY\",\"id\":\"B\",\"pattern_id\":\"orb\",\"side\":\"SELL\",\"tf\":\"1m\","
               "\"regime\":\"BULLISH\"}");
    append(store,
           "{\"type\":\"REJECT\",\"timestamp\":" + at(kTen + 240) +
               ",\"symbol\":\"NIFTY\",\"stage\":\"risk\",\"ref\":\"B\",\"reason\":\"REGIME_GATE\",\"detail\":"
               "\"SELL not in BULLISH\"}");
    append(store, "{\"type\":\"ALERT\",\"timestamp\":" + at(kTen + 250) +
                      ",\"level\":\"warn\",\"code\":\"FEED_STALE\",\"message\":\"no tick for 61 s\",\"tool\":"
                      "\"sos-feed\"}");
    store.commit();
}

struct RecordingControl : ControlPort {
    std::vector<ControlAction> seen;
    ControlReply send(const ControlAction& a) override {
        seen.push_back(a);
        return {200, "done"};
    }
};

struct Fixture {
    TempDir dir;
    std::string path = dir.file("live.db");
    std::unique_ptr<Store> store = make_store(path, "today");
    UnavailableControl unavailable;
    Api api;

    explicit Fixture(ControlPort* control = nullptr)
        : api(options(), AccessPolicy(sos::brokers::Secret(kToken), true, 8080),
              control ? *control : unavailable) {
        write_morning(*store);
    }
    ApiOptions options() const {
        ApiOptions o;
        o.db = path;
        o.clock = [] { return static_cast<double>(kTen + 300); };
        o.brokers = {"zerodha", "dhan"};
        return o;
    }
    Response get(const std::string& p, std::map<std::string, std::string> query = {}) {
        Request r;
        r.path = p;
        r.query = std::move(query);
        r.host = "127.0.0.1:8080";
        return api.handle(r);
    }
    Json json(const std::string& p, std::map<std::string, std::string> query = {}) {
        const Response r = get(p, std::move(query));
        INFO(r.body);
        REQUIRE(r.status == 200);
        CHECK(r.content_type == "application/json");
        return Json::parse(r.body);
    }
    Response post(const std::string& p, const std::string& body, const std::string& auth) {
        Request r;
        r.method = Method::Post;
        r.path = p;
        r.body = body;
        r.authorization = auth;
        r.host = "127.0.0.1:8080";
        return api.handle(r);
    }
};

}  // namespace

TEST_CASE("dashboard: /api/status is `sos-journal status --json` at the same time") {
    Fixture f;
    Database db = open_journal(f.path, Access::Read);
    StatusOptions o;
    o.now = kTen + 300;
    const std::string expected = format_status_json(build_status(db, o));
    CHECK(f.get("/api/status").body == expected);
}

TEST_CASE("dashboard: regimes, the pipeline's tools and the signals with their fates") {
    Fixture f;
    const Json regimes = f.json("/api/regimes")["regimes"];
    REQUIRE(regimes.size() == 1);
    CHECK(regimes[0]["symbol"] == "NIFTY");
    CHECK(regimes[0]["regime"] == "BULLISH");
    const Json pipeline = f.json("/api/pipeline");
    REQUIRE(pipeline["tools"].size() == 1);
    CHECK(pipeline["tools"][0]["tool"] == "sos-risk");
    CHECK(pipeline["tools"][0]["age_s"] == 10);
    CHECK(pipeline["kill"]["on"] == false);
    const Json signals = f.json("/api/signals");
    REQUIRE(signals["signals"].size() == 2);
    CHECK(signals["signals"][0]["id"] == "B");
    CHECK(signals["signals"][0]["outcome"] == "REJECTED");
    CHECK(signals["signals"][0]["reason"] == "REGIME_GATE");
    CHECK(signals["signals"][1]["outcome"] == "FILLED");
    CHECK(signals["total"]["signals"] == 2);
    REQUIRE(signals["reasons"].size() == 1);
    CHECK(signals["reasons"][0]["reason"] == "REGIME_GATE");
}

TEST_CASE("dashboard: positions, the day's P&L and the orders with the broker's last word") {
    Fixture f;
    const Json p = f.json("/api/positions");
    CHECK(p["positions"].empty());  // closed by the last POSITION
    CHECK(p["day"]["realized_paise"] == 12500);
    CHECK(p["day"]["total_paise"] == 12500);
    REQUIRE(p["orders"].size() == 1);
    CHECK(p["orders"][0]["order_id"] == "A#1");
    CHECK(p["orders"][0]["status"] == "COMPLETE");
    CHECK(p["orders"][0]["filled_qty"] == 50);
    CHECK(p["orders"][0]["avg_price_paise"] == 10100);
    CHECK(p["orders"][0]["qty"] == 50);
    CHECK(p["orders"][0]["exits"].empty());
}

TEST_CASE(
    "dashboard: sos-exec --live's exit orders (ID/stop, ID/exit) and parts are shown under their ORDER") {
    Fixture f;
    const auto update = [&](long long ts, const std::string& id, const std::string& status) {
        append(*f.store, "{\"type\":\"ORDER_UPDATE\",\"timestamp\":" + at(ts) +
                             ",\"symbol\":\"NIFTY\",\"id\":\"" + id + "\",\"status\":\"" + status + "\"}");
    };
    update(kTen + 62, "A#1/stop", "OPEN");
    // A freeze slice refused while the rest of the ORDER went on (event/order_parts.hpp).
    update(kTen + 63, "A#1/part-S0123456789abcdef01", "REJECTED");
    update(kTen + 120, "A#1/exit", "COMPLETE");
    update(kTen + 121, "A#1/stop", "CANCELLED");
    update(kTen + 122, "A#10", "OPEN");  // another order's id that starts the same: not an exit
    update(kTen + 123, "A#1", "COMPLETE");
    f.store->commit();
    const Json p = f.json("/api/positions");
    REQUIRE(p["orders"].size() == 1);
    const Json& exits = p["orders"][0]["exits"];
    REQUIRE(exits.size() == 3);
    CHECK(exits[0]["order_id"] == "A#1/exit");
    CHECK(exits[0]["status"] == "COMPLETE");
    CHECK(exits[1]["order_id"] == "A#1/part-S0123456789abcdef01");
    CHECK(exits[1]["status"] == "REJECTED");
    CHECK(exits[2]["order_id"] == "A#1/stop");
    CHECK(exits[2]["status"] == "CANCELLED");  // its last word
    CHECK(exits[2]["updated_at"] == kTen + 121);
    CHECK(p["orders"][0]["status"] == "COMPLETE");  // the ORDER's own, not an exit's
}

TEST_CASE("dashboard: the day's P&L curve ends at status's day total") {
    Fixture f;
    const Json pnl = f.json("/api/pnl");
    CHECK(pnl["from"] == "positions");
    const Json& pts = pnl["points"];
    REQUIRE(pts.size() == 3);
    CHECK(pts[0]["t"] == kTen + 61);
    CHECK(pts[0]["total_paise"] == 0);
    CHECK(pts[1]["total_paise"] == 5000);
    CHECK(pts[2]["total_paise"] == 12500);
    CHECK(pts.back()["total_paise"] == f.json("/api/status")["day"]["total_paise"]);
}

TEST_CASE("dashboard: candles of a symbol with its fills marked as entry and exit") {
    Fixture f;
    const Json c = f.json("/api/candles");
    CHECK(c["symbol"] == "NIFTY");  // the first series met
    CHECK(c["tf"] == "1m");
    REQUIRE(c["candles"].size() == 5);
    CHECK(c["candles"][4]["c"] == 104);
    CHECK(c["candles"][4]["t"] == kTen + 240);
    CHECK(c["series"].size() == 2);
    REQUIRE(c["markers"].size() == 2);
    CHECK(c["markers"][0]["kind"] == "entry");
    CHECK(c["markers"][0]["side"] == "BUY");
    CHECK(c["markers"][0]["price_paise"] == 10100);
    CHECK(c["markers"][1]["kind"] == "exit");
    CHECK(c["markers"][1]["reason"] == "TP");
    const Json sbin = f.json("/api/candles", {{"symbol", "SBIN"}, {"tf", "5m"}});
    REQUIRE(sbin["candles"].size() == 1);
    CHECK(sbin["markers"].empty());
    CHECK(f.json("/api/candles", {{"limit", "2"}})["candles"].size() == 2);
    CHECK(f.json("/api/candles", {{"from", at(kTen + 120)}})["candles"].size() == 3);
}

TEST_CASE("dashboard: alerts newest first, and the finished run's report with equity and drawdown") {
    Fixture f;
    const Json a = f.json("/api/alerts");
    REQUIRE(a["alerts"].size() == 1);
    CHECK(a["alerts"][0]["code"] == "FEED_STALE");
    CHECK(a["alerts"][0]["tool"] == "sos-feed");
    const Json r = f.json("/api/report");
    CHECK(r["overall"]["trades"] == 1);
    REQUIRE(r["trades"].size() == 1);
    CHECK(r["trades"][0]["pnl_paise"] == r["overall"]["net_paise"]);
    REQUIRE_FALSE(r["equity"].empty());
    CHECK(r["equity"].back()["equity_paise"] == r["equity_final_paise"]);
    for (const auto& p : r["equity"])
        CHECK(p["drawdown_paise"].get<long long>() <= 0);
}

TEST_CASE("dashboard: /metrics carries status's and quality's figures in Prometheus' format") {
    Fixture f;
    const Response m = f.get("/metrics");
    REQUIRE(m.status == 200);
    CHECK(m.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
    const std::string& t = m.body;
    CHECK(t.find("# TYPE sos_tool_health_age_seconds gauge\n") != std::string::npos);
    CHECK(t.find("sos_tool_health_age_seconds{tool=\"sos-risk\"} 10\n") != std::string::npos);
    CHECK(t.find("sos_day_pnl_paise{part=\"total\"} 12500\n") != std::string::npos);
    CHECK(t.find("sos_kill_switch 0\n") != std::string::npos);
    CHECK(t.find("sos_regime{symbol=\"NIFTY\",regime=\"BULLISH\"} 1\n") != std::string::npos);
    CHECK(t.find("sos_signals{strategy=\"orb\",regime=\"BULLISH\",outcome=\"signals\"} 2\n") !=
          std::string::npos);
    CHECK(t.find("sos_rejections{strategy=\"orb\",regime=\"BULLISH\",stage=\"risk\",reason=\"REGIME_GATE\"} "
                 "1\n") != std::string::npos);
    CHECK(label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("dashboard: control actions need the token; without a control socket they answer 501") {
    Fixture f;
    CHECK(f.post("/api/control", "{\"command\":\"pause\"}", "").status == 401);
    CHECK(f.post("/api/control", "{\"command\":\"pause\"}", "Bearer nope").status == 401);
    const Response r = f.post("/api/control", "{\"command\":\"pause\"}", std::string("Bearer ") + kToken);
    CHECK(r.status == 501);
    CHECK(r.body.find("control not available") != std::string::npos);
    CHECK(f.post("/api/control", "{\"command\":\"explode\"}", std::string("Bearer ") + kToken).status == 400);
    CHECK(f.post("/api/nothing", "{}", std::string("Bearer ") + kToken).status == 404);
}

TEST_CASE("dashboard: a control action and a checked ticket reach the control port") {
    RecordingControl control;
    Fixture f(&control);
    const std::string auth = std::string("Bearer ") + kToken;
    CHECK(f.post("/api/control", "{\"command\":\"kill\",\"scope\":\"NIFTY\"}", auth).status == 200);
    REQUIRE(control.seen.size() == 1);
    CHECK(control.seen[0].command == ControlCommand::Kill);
    CHECK(control.seen[0].scope == "NIFTY");
    const std::string ticket =
        "{\"symbol\":\"NIFTY\",\"side\":\"SELL\",\"qty\":75,\"stop\":\"21750.5\",\"target\":21600,\"feed_"
        "broker\":"
        "\"zerodha\",\"exec_broker\":\"dhan\"}";
    CHECK(f.post("/api/order", ticket, "").status == 401);
    CHECK(control.seen.size() == 1);
    CHECK(f.post("/api/order", ticket, auth).status == 200);
    REQUIRE(control.seen.size() == 2);
    const OrderTicket& t = *control.seen[1].ticket;
    CHECK(t.side == sos::vocab::Side::Sell);
    CHECK(t.qty == 75);
    CHECK(t.stop_paise == 2175050);
    CHECK(t.target_paise == 2160000);
    CHECK(t.feed_broker == "zerodha");
    CHECK(t.exec_broker == "dhan");
    // Refused before the port: a broker not in the file, a quantity of 0, no stop.
    const Json bad = Json::parse(ticket);
    for (auto [field, value] : std::vector<std::pair<std::string, Json>>{
             {"exec_broker", "upstox"}, {"qty", 0}, {"stop", nullptr}, {"side", "LONG"}, {"qty", 1.5}}) {
        Json b = bad;
        b[field] = value;
        const Response r = f.post("/api/order", b.dump(), auth);
        CHECK(r.status == 400);
        CHECK(r.body.find(field) != std::string::npos);
    }
    CHECK(control.seen.size() == 2);
}

TEST_CASE("dashboard: a journal not there yet answers 503, an unknown view 404, a foreign Host 403") {
    TempDir dir;
    UnavailableControl none;
    ApiOptions o;
    o.db = dir.file("later.db");
    Api api(o, AccessPolicy(sos::brokers::Secret(kToken), true, 8080), none);
    Request r;
    r.path = "/api/status";
    r.host = "127.0.0.1:8080";
    CHECK(api.handle(r).status == 503);
    r.path = "/api/nothing";
    CHECK(api.handle(r).status == 404);
    r.host = "attacker.example:8080";
    CHECK(api.handle(r).status == 403);
}

TEST_CASE("dashboard: the change watch sees each commit of the writer, and a journal that appears late") {
    TempDir dir;
    const auto path = dir.file("later.db");
    ChangeWatch watch(path);
    CHECK_FALSE(watch.changed());  // not there yet
    auto store = make_store(path, "later");
    append(*store,
           "{\"type\":\"ALERT\",\"timestamp\":1,\"level\":\"warn\",\"code\":\"X\",\"message\":\"m\"}");
    store->commit();
    CHECK(watch.changed());  // found
    CHECK_FALSE(watch.changed());
    append(*store,
           "{\"type\":\"ALERT\",\"timestamp\":2,\"level\":\"warn\",\"code\":\"Y\",\"message\":\"m\"}");
    store->commit();
    CHECK(watch.changed());
    CHECK_FALSE(watch.changed());
    CHECK(watch.changes() == 2);
}

TEST_CASE("dashboard: query strings decoded") {
    const auto q = parse_query("symbol=NIFTY%2050&tf=1m&x&a+b=c%2");
    CHECK(q.at("symbol") == "NIFTY 50");
    CHECK(q.at("tf") == "1m");
    CHECK(q.at("x").empty());
    CHECK(q.at("a b") == "c%2");
}
