// sos-journal status's facts, read from journals written as sos-journal writes them, while the
// writer is still open: each tool's last HEALTH, the kill switch, pause and breaker, the feed per
// source, the regimes, positions, the day's P&L and what became of the last signals.
#include <catch2/catch.hpp>

#include "journal/status.hpp"
#include "journal/status_format.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

// Tuesday 2024-01-09 on the exchange's clock.
constexpr long long kOpen = 1704771900;   // 09:15:00 IST
constexpr long long kTen = kOpen + 2700;  // 10:00:00 IST

std::string health(long long ts, const std::string& tool, const std::string& own = {}) {
    return "{\"type\":\"HEALTH\",\"timestamp\":" + std::to_string(ts) + ",\"tool\":\"" + tool +
           "\",\"pid\":42,\"uptime_s\":60,\"in\":10,\"out\":11,\"bad\":0,\"host\":\"box\",\"started\":" +
           std::to_string(ts - 60) + ",\"version\":\"0.1.0\"" + (own.empty() ? "" : "," + own) + "}";
}

std::string risk_health(long long ts, bool killed, bool paused, const std::string& breaker = "null") {
    return health(ts, "sos-risk",
                  std::string("\"open_orders\":0,\"breaker\":") + breaker + ",\"killed\":" +
                      (killed ? "true" : "false") + ",\"paused\":" + (paused ? "true" : "false"));
}

std::string control(long long ts, const std::string& command, const std::string& more = {}) {
    return "{\"type\":\"CONTROL\",\"timestamp\":" + std::to_string(ts) + ",\"command\":\"" + command + "\"" +
           more + "}";
}

std::string alert(long long ts, const std::string& code, const std::string& message) {
    return "{\"type\":\"ALERT\",\"timestamp\":" + std::to_string(ts) + ",\"level\":\"warn\",\"code\":\"" +
           code + "\",\"message\":\"" + message + "\",\"tool\":\"sos-risk\"}";
}

std::string candle(long long ts, const std::string& symbol, const std::string& tf, const std::string& src,
                   bool hist = false) {
    return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(ts) + ",\"symbol\":\"" + symbol +
           "\",\"tf\":\"" + tf + "\",\"o\":100,\"h\":101,\"l\":99,\"c\":100.5,\"v\":10,\"src\":\"" + src +
           "\"" + (hist ? ",\"hist\":true" : "") + "}";
}

// The facts as a reader sees them while `store` is still open (committed first).
StatusFacts facts(Store& store, const std::string& path, const std::string& run = "") {
    store.commit();
    Database db = open_journal(path, Access::Read);
    return load_status_facts(db, run, sos::time::Calendar::nse_default(), 5);
}

}  // namespace

TEST_CASE("status facts: each tool's last HEALTH with its own fields, and the feed's instances") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    append(*store, health(kTen - 60, "sos-regime"));
    append(*store,
           health(kTen - 30, "sos-feed",
                  "\"feed\":\"zerodha\",\"sources\":[{\"name\":\"zerodha\",\"state\":\"up\",\"connection\":"
                  "\"open\",\"last_tick_age_s\":{\"NIFTY\":0.4,\"BANKNIFTY\":null}},{\"name\":\"dhan\","
                  "\"state\":\"down\",\"connection\":\"waiting\",\"last_tick_age_s\":{\"NIFTY\":null}}],"
                  "\"switches\":1,\"late\":0"));
    append(*store, health(kTen - 5, "sos-regime", "\"note\":\"last\""));
    const StatusFacts f = facts(*store, path);
    REQUIRE(f.tools.size() == 2);
    CHECK(f.tools[0].tool == "sos-feed");
    CHECK(f.tools[1].tool == "sos-regime");
    CHECK(f.tools[1].at == kTen - 5);  // the last of the tool's lines
    CHECK(f.tools[1].host == "box");
    CHECK(f.tools[1].version == "0.1.0");
    CHECK(f.tools[1].state == std::vector<std::pair<std::string, std::string>>{{"note", "\"last\""}});
    // In the order the tool wrote them, as a person reading its line would expect.
    CHECK(f.tools[0].state == std::vector<std::pair<std::string, std::string>>{
                                  {"feed", "\"zerodha\""}, {"switches", "1"}, {"late", "0"}});
    REQUIRE(f.instances.size() == 2);
    CHECK(f.instances[0].name == "zerodha");
    CHECK(f.instances[0].state == "up");
    REQUIRE(f.instances[0].tick_age_s);
    CHECK(*f.instances[0].tick_age_s == Approx(0.4));
    CHECK(f.instances[0].at == kTen - 30);
    CHECK(f.instances[1].state == "down");
    CHECK_FALSE(f.instances[1].tick_age_s);
}

TEST_CASE("status facts: a scoped pause is not the pause of everything; an operator is named") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    append(*store, risk_health(kTen, false, false));
    append(*store, control(kTen + 10, "pause", ",\"scope\":\"NIFTY\",\"asked_by\":\"alice\",\"uid\":1000"));
    CHECK_FALSE(facts(*store, path).pause.on);
    append(*store, control(kTen + 20, "pause", ",\"asked_by\":\"alice\",\"uid\":1000,\"at\":1704774620"));
    StatusFacts f = facts(*store, path);
    CHECK(f.pause.on);
    CHECK(f.pause.evidence == "CONTROL pause at 2024-01-09 10:00:20 by alice");
    append(*store, control(kTen + 30, "resume", ",\"scope\":\"NIFTY\""));
    CHECK(facts(*store, path).pause.on);  // NIFTY's pause ended, not everything's
    append(*store, control(kTen + 40, "resume", ",\"asked_by\":\"bob\""));
    f = facts(*store, path);
    CHECK_FALSE(f.pause.on);
    CHECK(f.pause.evidence == "CONTROL resume at 2024-01-09 10:00:40 by bob");
}

TEST_CASE("status facts: the kill switch, pause and breaker follow the newest evidence") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    append(*store, risk_health(kTen, false, false));
    StatusFacts f = facts(*store, path);
    CHECK_FALSE(f.kill.on);
    CHECK(f.kill.evidence == "sos-risk's HEALTH at 2024-01-09 10:00:00");
    CHECK(f.breaker.known);
    CHECK_FALSE(f.breaker.open);

    append(*store, control(kTen + 10, "kill"));  // newer than the HEALTH: sos-risk has obeyed it
    f = facts(*store, path);
    CHECK(f.kill.on);
    CHECK(f.kill.evidence == "CONTROL kill at 2024-01-09 10:00:10");

    append(*store, risk_health(kTen + 30, true, false));
    append(*store, control(kTen + 40, "reset"));
    f = facts(*store, path);
    CHECK_FALSE(f.kill.on);
    CHECK(f.kill.evidence == "CONTROL reset at 2024-01-09 10:00:40");

    append(*store, control(kTen + 50, "pause", ",\"target\":\"sos-exec\""));  // not sos-risk's
    CHECK_FALSE(facts(*store, path).pause.on);
    append(*store, control(kTen + 60, "pause", ",\"target\":\"sos-risk\""));
    append(*store, alert(kTen + 70, "CIRCUIT_OPEN", "circuit breaker open: 5 rejections"));
    f = facts(*store, path);
    CHECK(f.pause.on);
    REQUIRE(f.breaker.open);
    CHECK(*f.breaker.open == "circuit breaker open: 5 rejections");
    CHECK(f.breaker.evidence == "ALERT CIRCUIT_OPEN at 2024-01-09 10:01:10");

    append(*store, control(kTen + 80, "resume"));
    append(*store, control(kTen + 90, "kill", ",\"scope\":\"NIFTY\""));
    f = facts(*store, path);
    CHECK_FALSE(f.pause.on);
    CHECK_FALSE(f.breaker.open);
    CHECK_FALSE(f.kill.on);
    CHECK(f.scoped_kills == std::vector<std::string>{"NIFTY"});
    REQUIRE(f.last_circuit_alert);

    // sos-risk's next HEALTH is the newest evidence again.
    append(*store, risk_health(kTen + 100, false, false, "\"losing streak\""));
    f = facts(*store, path);
    REQUIRE(f.breaker.open);
    CHECK(*f.breaker.open == "losing streak");
}

TEST_CASE(
    "status facts: without sos-risk's HEALTH, CONTROL lines and alerts decide and the breaker is unknown") {
    TempDir dir;
    const auto path = dir.file("replay.db");
    auto store = make_store(path, "replay");
    append(*store, alert(kTen, "CIRCUIT_OPEN", "circuit breaker open: stale feed"));
    StatusFacts f = facts(*store, path);
    CHECK_FALSE(f.breaker.known);
    CHECK_FALSE(f.breaker.open);
    CHECK(f.last_circuit_alert == std::string("circuit breaker open: stale feed"));
    CHECK(f.kill.evidence.empty());
    append(*store, alert(kTen + 60, "DAILY_LOSS_HIT", "loss today 61000.00 beyond the kill limit"));
    f = facts(*store, path);
    CHECK(f.kill.on);
    CHECK(f.kill.evidence.find("ALERT DAILY_LOSS_HIT at 2024-01-09 10:01:00") == 0);
}

TEST_CASE("status facts: the feed per source, its history apart, and the regime per underlying") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    append(*store, candle(kOpen - 86400, "NIFTY", "1m", "openalgo-rest:zerodha", true));
    append(*store, candle(kOpen, "NIFTY", "1m", "openalgo-ws:zerodha"));
    append(*store, candle(kOpen + 60, "NIFTY", "1m", "openalgo-ws:zerodha"));
    append(*store, candle(kOpen, "NIFTY", "5m", "openalgo-ws:zerodha"));  // closes last: the newest data
    append(*store, candle(kOpen + 60, "BANKNIFTY", "1m", "openalgo-rest:dhan"));
    append(*store, "{\"type\":\"REGIME\",\"timestamp\":" + std::to_string(kOpen + 60) +
                       ",\"symbol\":\"NIFTY\",\"regime\":\"BULLISH\",\"score\":3,\"flags\":[],\"changed\":"
                       "true,\"inputs\":{}}");
    append(*store,
           "{\"type\":\"REGIME\",\"timestamp\":" + std::to_string(kOpen + 120) +
               ",\"symbol\":\"NIFTY\",\"regime\":\"SIDEWAYS\",\"score\":0.5,\"flags\":[\"HALF_SIZE\"],"
               "\"changed\":true,\"inputs\":{}}");
    const StatusFacts f = facts(*store, path);
    REQUIRE(f.sources.size() == 2);
    CHECK(f.sources[0].src == "openalgo-rest:dhan");
    CHECK(f.sources[0].last_end == kOpen + 120);
    CHECK(f.sources[0].last_symbol == "BANKNIFTY");
    CHECK(f.sources[1].src == "openalgo-ws:zerodha");
    CHECK(f.sources[1].last_end == kOpen + 300);
    CHECK(f.sources[1].bar_s == 300);
    CHECK(f.sources[1].last_tf == "5m");
    CHECK(f.sources[1].lines == 3);
    CHECK(f.sources[1].symbols == 1);
    CHECK(f.history_lines == 1);
    CHECK(f.history_end == kOpen - 86400);
    REQUIRE(f.regimes.size() == 1);
    CHECK(f.regimes[0].symbol == "NIFTY");
    CHECK(f.regimes[0].regime == "SIDEWAYS");
    CHECK(f.regimes[0].flags == std::vector<std::string>{"HALF_SIZE"});
}

TEST_CASE("status facts: positions, the day's P&L in paise and what became of the last signals") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    const std::string t = std::to_string(kTen);
    append(*store, "{\"type\":\"SIGNAL\",\"timestamp\":" + t +
                       ",\"symbol\":\"NIFTY\",\"id\":\"A\",\"pattern_id\":\"orb\",\"side\":\"BUY\",\"tf\":"
                       "\"5m\",\"regime\":\"BULLISH\"}");
    append(*store, "{\"type\":\"ORDER\",\"timestamp\":" + t +
                       ",\"symbol\":\"NIFTY\",\"id\":\"A#1\",\"signal_id\":\"A\",\"side\":\"BUY\",\"qty\":50,"
                       "\"order_type\":\"MARKET\"}");
    append(*store, "{\"type\":\"FILL\",\"timestamp\":" + std::to_string(kTen + 60) +
                       ",\"symbol\":\"NIFTY\",\"order_id\":\"A#1\",\"side\":\"BUY\",\"qty\":50,\"price\":100."
                       "5,\"mode\":\"paper\"}");
    append(*store,
           "{\"type\":\"POSITION\",\"timestamp\":" + std::to_string(kTen + 60) +
               ",\"symbol\":\"NIFTY\",\"qty\":50,\"avg_price\":100.5,\"realized_pnl\":0,\"unrealized_pnl\":0,"
               "\"mode\":\"paper\"}");
    append(*store, "{\"type\":\"POSITION\",\"timestamp\":" + std::to_string(kTen + 120) +
                       ",\"symbol\":\"NIFTY\",\"qty\":50,\"avg_price\":100.5,\"realized_pnl\":0,\"unrealized_"
                       "pnl\":-250.5,"
                       "\"mode\":\"paper\"}");
    append(*store,
           "{\"type\":\"POSITION\",\"timestamp\":" + std::to_string(kTen + 120) +
               ",\"symbol\":\"SBIN\",\"qty\":0,\"avg_price\":0,\"realized_pnl\":1200.25,\"unrealized_pnl\":0,"
               "\"mode\":\"paper\"}");
    append(*store, "{\"type\":\"SIGNAL\",\"timestamp\":" + std::to_string(kTen + 180) +
                       ",\"symbol\":\"BANKNIFTY\",\"id\":\"B\",\"pattern_id\":\"orb\",\"side\":\"SELL\","
                       "\"tf\":\"5m\",\"regime\":\"SIDEWAYS\"}");
    append(*store, "{\"type\":\"REJECT\",\"timestamp\":" + std::to_string(kTen + 180) +
                       ",\"symbol\":\"BANKNIFTY\",\"stage\":\"risk\",\"ref\":\"B\",\"reason\":\"REGIME_"
                       "GATE\",\"detail\":\"not in SIDEWAYS\"}");
    append(*store,
           "{\"type\":\"SIGNAL\",\"timestamp\":" + std::to_string(kTen + 240) +
               ",\"symbol\":\"NIFTY\",\"id\":\"C\",\"pattern_id\":\"vwap\",\"side\":\"BUY\",\"tf\":\"1m\"}");
    const StatusFacts f = facts(*store, path);
    REQUIRE(f.positions.size() == 1);
    CHECK(f.positions[0].symbol == "NIFTY");
    CHECK(f.positions[0].qty == 50);
    CHECK(f.positions[0].avg_price_paise == 10050);
    CHECK(f.positions[0].unrealized_paise == -25050);
    REQUIRE(f.day.date);
    CHECK(sos::time::format_date(*f.day.date) == "2024-01-09");
    CHECK(f.day.source == PnlSource::Positions);
    CHECK(f.day.realized_paise == 120025);
    CHECK(f.day.unrealized_paise == -25050);
    CHECK(f.day.total_paise() == 94975);
    CHECK(f.orders_today == 1);
    REQUIRE(f.signals.size() == 3);
    CHECK(f.signals[0].signal_id == "C");
    CHECK(f.signals[0].fate == SignalFate::Pending);
    CHECK(f.signals[0].strategy == "vwap");
    CHECK(f.signals[0].regime == "-");
    CHECK(f.signals[1].fate == SignalFate::Rejected);
    CHECK(f.signals[1].stage == "risk");
    CHECK(f.signals[1].reason == "REGIME_GATE");
    CHECK(f.signals[2].fate == SignalFate::Filled);
    CHECK(f.gate.count == 1);  // C not decided yet; B refused by the gate; A filled
    CHECK(f.gate.latest.signal_id == "B");
}

TEST_CASE("status facts: without POSITION lines the day's P&L is the EXIT lines' own") {
    TempDir dir;
    const auto path = dir.file("replay.db");
    auto store = make_store(path, "replay");
    append(*store, "{\"type\":\"EXIT\",\"timestamp\":" + std::to_string(kTen) +
                       ",\"symbol\":\"NIFTY\",\"order_id\":\"A#1\",\"reason\":\"TP\",\"price\":101,\"qty\":"
                       "50,\"pnl\":24.95}");
    append(*store, "{\"type\":\"EXIT\",\"timestamp\":" + std::to_string(kTen + 60) +
                       ",\"symbol\":\"SBIN\",\"order_id\":\"B#1\",\"reason\":\"SL\",\"price\":600,\"qty\":10,"
                       "\"pnl\":-100.05}");
    const StatusFacts f = facts(*store, path);
    CHECK(f.day.source == PnlSource::Exits);
    CHECK(f.day.realized_paise == -7510);
    CHECK(f.day.unrealized_paise == 0);
    CHECK(f.positions.empty());
}

TEST_CASE("status facts: a signal's fate is the furthest its orders got") {
    TempDir dir;
    const auto path = dir.file("flow.db");
    auto store = make_store(path, "flow");
    auto signal = [&](const std::string& id, long long ts) {
        append(*store, "{\"type\":\"SIGNAL\",\"timestamp\":" + std::to_string(ts) +
                           ",\"symbol\":\"NIFTY\",\"id\":\"" + id +
                           "\",\"pattern_id\":\"orb\",\"side\":\"BUY\",\"tf\":\"5m\"}");
    };
    auto order = [&](const std::string& id, long long ts) {
        append(*store, "{\"type\":\"ORDER\",\"timestamp\":" + std::to_string(ts) +
                           ",\"symbol\":\"NIFTY\",\"id\":\"" + id + "#1\",\"signal_id\":\"" + id +
                           "\",\"side\":\"BUY\",\"qty\":50,\"order_type\":\"MARKET\"}");
    };
    auto update = [&](const std::string& id, long long ts, const std::string& status) {
        append(*store, "{\"type\":\"ORDER_UPDATE\",\"timestamp\":" + std::to_string(ts) +
                           ",\"symbol\":\"NIFTY\",\"id\":\"" + id + "#1\",\"status\":\"" + status +
                           "\",\"filled_qty\":0,\"message\":\"lot size is 75\"}");
    };
    signal("routed", kTen);
    order("routed", kTen);
    signal("accepted", kTen + 60);
    order("accepted", kTen + 60);
    update("accepted", kTen + 60, "TRIGGER_PENDING");
    signal("refused", kTen + 120);
    order("refused", kTen + 120);
    update("refused", kTen + 120, "REJECTED");
    // A copy of a routed signal refused as DUPLICATE refuses the copy, not the trade.
    append(*store,
           "{\"type\":\"REJECT\",\"timestamp\":" + std::to_string(kTen + 180) +
               ",\"symbol\":\"NIFTY\",\"stage\":\"risk\",\"ref\":\"routed\",\"reason\":\"DUPLICATE\"}");
    store->commit();
    Database db = open_journal(path, Access::Read);
    const auto all = load_signal_outcomes(db, 1, SignalQuery{});
    REQUIRE(all.size() == 3);
    CHECK(all[0].signal_id == "routed");
    CHECK(all[0].fate == SignalFate::Routed);
    CHECK(all[1].fate == SignalFate::Accepted);
    CHECK(all[2].fate == SignalFate::Rejected);
    CHECK(all[2].stage == "exec");
    CHECK(all[2].reason == "REJECTED");
    CHECK(all[2].detail == "lot size is 75");
}

// sos-exec --live says a part of an ORDER (a freeze slice, a structure's leg) that ended with
// nothing while the ORDER went on under "ORDER_ID/part-CLIENT_ID" (event/order_parts.hpp).
TEST_CASE("status facts: a part refused while its ORDER went on is not the ORDER's fate") {
    TempDir dir;
    const auto path = dir.file("flow.db");
    auto store = make_store(path, "flow");
    auto line = [&](const std::string& type, long long ts, const std::string& fields) {
        append(*store, "{\"type\":\"" + type + "\",\"timestamp\":" + std::to_string(ts) +
                           ",\"symbol\":\"NIFTY\"," + fields + "}");
    };
    for (const std::string id : {"partly", "whole"}) {
        line("SIGNAL", kTen, "\"id\":\"" + id + "\",\"pattern_id\":\"orb\",\"side\":\"BUY\",\"tf\":\"5m\"");
        line("ORDER", kTen,
             "\"id\":\"" + id + "#1\",\"signal_id\":\"" + id +
                 "\",\"side\":\"BUY\",\"qty\":3600,\"order_type\":\"MARKET\"");
    }
    auto update = [&](const std::string& id, const std::string& status, const std::string& message) {
        line("ORDER_UPDATE", kTen + 1,
             "\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"filled_qty\":0,\"message\":\"" + message +
                 "\"");
    };
    // Slice 0 refused, slice 1 acknowledged and filled: the ORDER traded.
    update("partly#1/part-S00000000000000aa00", "REJECTED", "margin");
    update("partly#1", "OPEN", "acknowledged");
    line("FILL", kTen + 2, "\"order_id\":\"partly#1\",\"side\":\"BUY\",\"qty\":1800,\"price\":100");
    // Both slices refused: the last one speaks for the ORDER.
    update("whole#1/part-S00000000000000bb00", "REJECTED", "margin");
    update("whole#1", "REJECTED", "margin, again");
    store->commit();
    Database db = open_journal(path, Access::Read);
    const auto all = load_signal_outcomes(db, 1, SignalQuery{});
    REQUIRE(all.size() == 2);
    CHECK(all[0].signal_id == "partly");
    CHECK(all[0].fate == SignalFate::Filled);
    CHECK(all[1].fate == SignalFate::Rejected);
    CHECK(all[1].detail == "margin, again");
}

TEST_CASE("status: a reader never waits for the writer's open transaction, and sees what was committed") {
    TempDir dir;
    const auto path = dir.file("live.db");
    auto store = make_store(path, "today");
    append(*store, health(kTen, "sos-regime"));
    store->commit();
    append(*store, health(kTen + 30, "sos-regime"));  // pending in the writer's transaction
    REQUIRE(store->pending_rows() > 0);
    {
        Database db = open_journal(path, Access::Read);
        StatusOptions o;
        o.now = kTen + 35;
        const Status s = build_status(db, o);
        REQUIRE(s.facts.tools.size() == 1);
        CHECK(s.facts.tools[0].at == kTen);
        CHECK(format_status_text(s).find("sos-regime") != std::string::npos);
    }
    store->commit();  // the writer goes on as before
    Database db = open_journal(path, Access::Read);
    CHECK(load_status_facts(db, "", sos::time::Calendar::nse_default(), 5).tools[0].at == kTen + 30);
}
