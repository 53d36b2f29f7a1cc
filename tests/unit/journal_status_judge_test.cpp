// sos-journal status's verdict from hand-made facts: each reason nothing is trading in a case of
// its own, the order they are tried in, and when the system counts as trading or ready.
#include <catch2/catch.hpp>

#include "journal/status.hpp"

using namespace sos::journal;

namespace {

// Tuesday 2024-01-09, a trading day on the shipped NSE calendar (09:15-15:30 IST).
constexpr double kOpen = 1704771900;        // 09:15:00 IST
constexpr double kTen = kOpen + 45 * 60;    // 10:00:00 IST
constexpr double kEvening = kOpen + 39600;  // 20:15:00 IST

const sos::time::Calendar& nse() {
    static const auto c = sos::time::Calendar::nse_default();
    return c;
}

FeedSource source(double last_end, double bar_s = 60) {
    FeedSource s;
    s.src = "openalgo-ws:zerodha";
    s.last_end = last_end;
    s.bar_s = bar_s;
    s.last_type = "CANDLE";
    s.last_symbol = "NIFTY";
    s.last_tf = "1m";
    s.lines = 45;
    s.symbols = 1;
    return s;
}

// A run being recorded at 10:00 with a 1m candle that closed 20 s ago: nothing in the way.
StatusFacts healthy() {
    StatusFacts f;
    f.path = "live.db";
    f.run.name = "today";
    f.run.started_at = kOpen - 600;
    f.sources.push_back(source(kTen - 20));
    return f;
}

Verdict at(const StatusFacts& f, double now, StatusLimits limits = {}) {
    return judge(f, now, nse(), limits);
}

void require_reason(const Verdict& v, IdleReason reason, const std::string& evidence_part) {
    INFO(v.evidence);
    REQUIRE(v.activity == Activity::NotTrading);
    REQUIRE(v.reason == reason);
    CHECK(v.evidence.find(evidence_part) != std::string::npos);
}

SignalOutcome decided(double ts, SignalFate fate, const std::string& reason = {}) {
    SignalOutcome s;
    s.ts = ts;
    s.signal_id = "S" + std::to_string(static_cast<long long>(ts));
    s.symbol = "NIFTY";
    s.strategy = "orb";
    s.side = "BUY";
    s.regime = "SIDEWAYS";
    s.fate = fate;
    if (fate == SignalFate::Rejected) {
        s.stage = "risk";
        s.reason = reason;
        s.detail = "orb does not trade here";
    }
    return s;
}

}  // namespace

TEST_CASE("status: fresh data in session with no order today is READY") {
    const Verdict v = at(healthy(), kTen);
    INFO(v.evidence);
    CHECK(v.activity == Activity::Ready);
    CHECK_FALSE(v.reason);
    CHECK(v.evidence.find("no order yet today") != std::string::npos);
    CHECK(v.evidence.find("CANDLE NIFTY 1m from openalgo-ws:zerodha") != std::string::npos);
}

TEST_CASE("status: an order today or an open position is TRADING") {
    StatusFacts f = healthy();
    f.orders_today = 2;
    CHECK(at(f, kTen).activity == Activity::Trading);
    f.orders_today = 0;
    f.positions.push_back({"NIFTY24JAN21500CE", 50, 12000, -2500, 0, kTen - 20, "paper"});
    const Verdict v = at(f, kTen);
    CHECK(v.activity == Activity::Trading);
    CHECK(v.evidence.find("1 position open") != std::string::npos);
}

TEST_CASE("status: a run whose recording ended is STOPPED") {
    StatusFacts f = healthy();
    f.run.ended_at = kTen - 5;
    require_reason(at(f, kTen), IdleReason::Stopped, "run today ended at 2024-01-09 09:59:55");
}

TEST_CASE("status: the kill switch on is KILLED, before the clock's reasons") {
    StatusFacts f = healthy();
    f.kill = {true, kTen - 60, "CONTROL kill at 2024-01-09 09:59:00"};
    require_reason(at(f, kTen), IdleReason::Killed, "CONTROL kill at 2024-01-09 09:59:00");
    // At night the switch is still what the operator must see: it stays on at the next open.
    require_reason(at(f, kEvening), IdleReason::Killed, "kill switch is on");
}

TEST_CASE("status: an open breaker is BREAKER; an unknown one is never a reason") {
    StatusFacts f = healthy();
    f.breaker = {true, std::string("5 broker rejections in a row"), kTen - 30, "sos-risk's HEALTH at ..."};
    require_reason(at(f, kTen), IdleReason::Breaker, "circuit breaker open: 5 broker rejections in a row");
    f.breaker = {false, std::string("said by an alert alone"), kTen - 30, ""};
    CHECK(at(f, kTen).activity == Activity::Ready);
}

TEST_CASE("status: a pause is PAUSED") {
    StatusFacts f = healthy();
    f.pause = {true, kTen - 120, "CONTROL pause at 2024-01-09 09:58:00"};
    require_reason(at(f, kTen), IdleReason::Paused,
                   "new entries are paused (CONTROL pause at 2024-01-09 09:58:00)");
}

TEST_CASE("status: no session open is OUTSIDE_HOURS, naming the next open") {
    require_reason(at(healthy(), kEvening), IdleReason::OutsideHours,
                   "no session at 2024-01-09 20:15:00; the next opens at 2024-01-10 09:15:00");
    // Before the open the same day's session is the next.
    require_reason(at(healthy(), kOpen - 60), IdleReason::OutsideHours,
                   "the next opens at 2024-01-09 09:15:00");
    // Saturday 13 January: Monday's session.
    require_reason(at(healthy(), kTen + 4 * 86400), IdleReason::OutsideHours,
                   "the next opens at 2024-01-15 09:15:00");
    // A 24-hour calendar has no hours outside.
    CHECK(judge(healthy(), kEvening, sos::time::Calendar::always(), {}).reason != IdleReason::OutsideHours);
}

TEST_CASE("status: a run without live market data is NO_DATA") {
    StatusFacts f = healthy();
    f.sources.clear();
    require_reason(at(f, kTen), IdleReason::NoData,
                   "no market data in run today (started 2024-01-09 09:05:00)");
    f.history_lines = 200;
    f.history_end = kOpen - 18 * 3600;
    require_reason(at(f, kTen), IdleReason::NoData, "only 200 lines of history, up to 2024-01-08 15:15:00");
}

TEST_CASE("status: data older than its bar plus --stale-after is STALE") {
    StatusFacts f = healthy();
    f.sources[0].last_end = kTen - 119;  // a 1m bar: fresh for 60 + 60 s after its close
    CHECK(at(f, kTen).activity == Activity::Ready);
    f.sources[0].last_end = kTen - 121;
    require_reason(at(f, kTen), IdleReason::Stale,
                   "ended at 2024-01-09 09:57:59, 2m01s ago (allowed: its 1m00s bar + 1m00s)");
    StatusLimits patient;
    patient.stale_after_s = 300;
    CHECK(at(f, kTen, patient).activity == Activity::Ready);
}

TEST_CASE("status: STALE judges the freshest source") {
    StatusFacts f = healthy();
    f.sources[0].last_end = kTen - 600;
    FeedSource rest = source(kTen - 30, 0);
    rest.src = "openalgo-rest:zerodha";
    rest.last_type = "OPTION_CHAIN";
    rest.last_tf.clear();
    f.sources.push_back(rest);
    CHECK(at(f, kTen).activity == Activity::Ready);
    f.sources[1].last_end = kTen - 61;
    require_reason(at(f, kTen), IdleReason::Stale,
                   "the newest, OPTION_CHAIN NIFTY from openalgo-rest:zerodha");
}

TEST_CASE("status: data from before the session counts as late from the open only") {
    StatusFacts f = healthy();
    f.sources[0].last_end = kOpen - 18 * 3600 + 60;  // yesterday's last bar
    CHECK(at(f, kOpen + 90).activity == Activity::Ready);
    require_reason(at(f, kOpen + 121), IdleReason::Stale, "nothing since the session opened 2m01s ago");
}

TEST_CASE("status: the day's last decisions refused by the regime gate are REGIME_GATE") {
    StatusFacts f = healthy();
    f.gate = gate_run(
        {decided(kTen - 60, SignalFate::Rejected, "REGIME_GATE"),
         decided(kTen - 120, SignalFate::Rejected, "REGIME_GATE"), decided(kTen - 300, SignalFate::Filled)},
        {});
    REQUIRE(f.gate.count == 2);
    require_reason(
        at(f, kTen), IdleReason::RegimeGate,
        "the day's last 2 decisions, since 2024-01-09 09:58:00, were refusals by the regime gate; the "
        "latest: orb NIFTY BUY in SIDEWAYS (sos-risk): orb does not trade here");
}

TEST_CASE("status: with a position open the regime gate does not stop trading") {
    StatusFacts f = healthy();
    f.gate = gate_run({decided(kTen - 60, SignalFate::Rejected, "REGIME_GATE")}, {});
    f.positions.push_back({"NIFTY", 50, 2150000, 1250, 0, kTen - 20, "paper"});
    CHECK(at(f, kTen).activity == Activity::Trading);
}

TEST_CASE("status: a regime gate run ends at the first other decision") {
    // Newest first: a signal not decided yet is passed over; a routed one ends the run.
    GateRun g = gate_run(
        {decided(kTen, SignalFate::Pending), decided(kTen - 60, SignalFate::Rejected, "REGIME_GATE"),
         decided(kTen - 120, SignalFate::Routed), decided(kTen - 180, SignalFate::Rejected, "REGIME_GATE")},
        {});
    CHECK(g.count == 1);
    CHECK(g.since == kTen - 60);
    CHECK(gate_run({decided(kTen - 60, SignalFate::Rejected, "COOLDOWN")}, {}).count == 0);
    // sos-match's vetoes are decisions too: its own regime rule.
    Veto veto{kTen - 30, "INFY", "VWAP", "BUY", "SIDEWAYS", "REGIME_GATE", "VWAP does not trade in SIDEWAYS"};
    g = gate_run({decided(kTen - 60, SignalFate::Filled)}, {veto});
    CHECK(g.count == 1);
    CHECK(g.latest.stage == "match");
    CHECK(g.latest.strategy == "VWAP");
}

TEST_CASE("status: the reasons are tried in order, the operator's before the clock's") {
    StatusFacts f = healthy();
    f.run.ended_at = kTen;
    f.kill.on = true;
    f.pause.on = true;
    f.sources.clear();
    CHECK(at(f, kEvening).reason == IdleReason::Stopped);
    f.run.ended_at.reset();
    CHECK(at(f, kEvening).reason == IdleReason::Killed);
    f.kill.on = false;
    CHECK(at(f, kEvening).reason == IdleReason::Paused);
    f.pause.on = false;
    CHECK(at(f, kEvening).reason == IdleReason::OutsideHours);
    CHECK(at(f, kTen).reason == IdleReason::NoData);
}

TEST_CASE("status: a tool is SILENT once its last HEALTH is older than --silent-after") {
    ToolHealth t;
    t.at = kTen - 90;
    CHECK_FALSE(is_silent(t, kTen, {}));
    t.at = kTen - 91;
    CHECK(is_silent(t, kTen, {}));
}
