#include <catch2/catch.hpp>

#include <set>

#include "live/backoff.hpp"
#include "live/stall_watchdog.hpp"
#include "live/tier_selector.hpp"

using namespace sos;
using namespace sos::live;
using time::Timestamp;

namespace {

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

// hh:mm:ss IST on a day of January 2024 (the 8th is a Monday, the 26th Republic Day).
Timestamp at(int h, int m, double s = 0, int day = 8) {
    return Timestamp{cal().zone().at(time::Date{2024, 1, day}, h * 3600 + m * 60).ns +
                     static_cast<std::int64_t>(s * 1e9)};
}

std::vector<WatchKind> kinds(const std::vector<WatchEvent>& ev) {
    std::vector<WatchKind> k;
    for (auto& e : ev)
        k.push_back(e.kind);
    return k;
}

std::vector<TierEventKind> kinds(const std::vector<TierEvent>& ev) {
    std::vector<TierEventKind> k;
    for (auto& e : ev)
        k.push_back(e.kind);
    return k;
}

}  // namespace

TEST_CASE("back-off grows, is capped, jittered within bounds, and reproducible") {
    Backoff b(BackoffPolicy{}, 42);
    Timestamp now = at(10, 0);
    std::vector<double> delays;
    for (int i = 0; i < 12; ++i)
        delays.push_back(b.next_delay(now));
    double nominal = 1;
    for (int i = 0; i < 12; ++i) {
        INFO(i);
        REQUIRE(delays[i] <= nominal);       // never above the nominal, so never above the cap
        REQUIRE(delays[i] > nominal * 0.5);  // jitter takes at most half
        nominal = std::min(30.0, nominal * 2);
    }
    REQUIRE(delays[5] > delays[0] * 8);  // grows (16 s nominal against 1 s)
    REQUIRE(*std::max_element(delays.begin(), delays.end()) <= 30);
    // Jittered: the capped waits differ from one another.
    REQUIRE(std::set<double>(delays.begin() + 6, delays.end()).size() == 6);
    // The same seed gives the same waits; another seed others.
    Backoff again(BackoffPolicy{}, 42), other(BackoffPolicy{}, 43);
    for (int i = 0; i < 12; ++i) {
        REQUIRE(again.next_delay(now) == delays[i]);
        if (i == 0) REQUIRE(other.next_delay(now) != delays[0]);
    }
    REQUIRE(b.failures() == 12);  // never gives up
}

TEST_CASE("back-off starts again only after a healthy period") {
    Backoff b(BackoffPolicy{1, 30, 0, 60}, 1);  // no jitter: exact figures
    Timestamp t = at(10, 0);
    REQUIRE(b.next_delay(t) == 1);
    REQUIRE(b.next_delay(t) == 2);
    REQUIRE(b.next_delay(t) == 4);
    // Connects and drops 5 s later: a storm, not health. The wait keeps growing.
    b.connected(t.plus_seconds(10));
    REQUIRE(b.next_delay(t.plus_seconds(15)) == 8);
    // Up for a minute: the next loss starts from the first wait.
    b.connected(t.plus_seconds(100));
    REQUIRE(b.next_delay(t.plus_seconds(160)) == 1);
    REQUIRE(b.next_delay(t.plus_seconds(161)) == 2);
    // Capped.
    for (int i = 0; i < 10; ++i)
        b.next_delay(t);
    REQUIRE(b.next_delay(t) == 30);
}

TEST_CASE("watchdog: a connection silent in session is stalled; ticks bring it back") {
    StallWatchdog w(SessionHours::of(cal()), StallPolicy{30, 0});
    auto nifty = w.watch("NIFTY");
    w.connected(at(10, 0));
    std::vector<WatchEvent> ev;
    w.tick(nifty, at(10, 0, 5));
    w.check(at(10, 0, 34), ev);
    REQUIRE(ev.empty());
    w.check(at(10, 0, 35), ev);
    REQUIRE(kinds(ev) == std::vector{WatchKind::ConnectionStalled, WatchKind::InstrumentStale});
    REQUIRE(ev[0].silent_s == 30);
    REQUIRE(ev[1].symbol == "NIFTY");
    REQUIRE(w.stalled());
    ev.clear();
    w.check(at(10, 1), ev);  // said once
    REQUIRE(ev.empty());
    w.tick(nifty, at(10, 1, 1));
    w.check(at(10, 1, 2), ev);
    REQUIRE(kinds(ev) == std::vector{WatchKind::ConnectionLive, WatchKind::InstrumentFresh});
    REQUIRE_FALSE(w.stalled());
    REQUIRE(w.age_s(nifty, at(10, 1, 3)) == 2);
}

TEST_CASE("watchdog: an illiquid instrument is stale alone, the connection is not") {
    StallWatchdog w(SessionHours::of(cal()), StallPolicy{30, 120});
    auto nifty = w.watch("NIFTY");
    auto option = w.watch("NIFTY28AUG2625000CE");
    REQUIRE(w.find("NIFTY") == nifty);
    REQUIRE_FALSE(w.find("SBIN"));
    w.connected(at(10, 0));
    std::vector<WatchEvent> ev;
    for (int s = 1; s <= 200; ++s) {
        w.tick(nifty, at(10, 0, s));
        w.check(at(10, 0, s), ev);
    }
    REQUIRE(kinds(ev) == std::vector{WatchKind::InstrumentStale});
    REQUIRE(ev[0].symbol == "NIFTY28AUG2625000CE");
    REQUIRE_FALSE(w.stalled());
    REQUIRE_FALSE(w.age_s(option, at(10, 4)));  // never ticked
}

TEST_CASE("watchdog: quiet at night, on weekends and holidays; silence counts from the open") {
    StallWatchdog w(SessionHours::of(cal()), StallPolicy{30, 0});
    w.watch("NIFTY");
    w.connected(at(20, 0, 0, 7));  // Sunday evening
    std::vector<WatchEvent> ev;
    for (Timestamp t :
         {at(23, 0, 0, 7), at(3, 0, 0, 8), at(9, 14, 59, 8), at(12, 0, 0, 26), at(12, 0, 0, 27)})
        w.check(t, ev);
    REQUIRE(ev.empty());
    // Monday: silence counts from 09:15, not from Sunday.
    w.check(at(9, 15, 29), ev);
    REQUIRE(ev.empty());
    w.check(at(9, 15, 30), ev);
    REQUIRE(kinds(ev) == std::vector{WatchKind::ConnectionStalled, WatchKind::InstrumentStale});
    // At the close the stall is cleared without a word; the next open starts afresh.
    ev.clear();
    w.check(at(15, 30), ev);
    REQUIRE(ev.empty());
    REQUIRE_FALSE(w.stalled());
    w.check(at(9, 15, 10, 9), ev);
    REQUIRE(ev.empty());
}

TEST_CASE("watchdog: session always watches around the clock; disconnected watches nothing") {
    StallWatchdog w(SessionHours::always(), StallPolicy{5, 0});
    w.connected(at(2, 0, 0, 7));
    std::vector<WatchEvent> ev;
    w.tick_unwatched(at(2, 0, 1, 7));  // data for an instrument not watched still proves the feed
    w.check(at(2, 0, 5, 7), ev);
    REQUIRE(ev.empty());
    w.check(at(2, 0, 6, 7), ev);
    REQUIRE(kinds(ev) == std::vector{WatchKind::ConnectionStalled});
    w.disconnected();
    REQUIRE_FALSE(w.stalled());
    ev.clear();
    w.check(at(3, 0, 0, 7), ev);
    REQUIRE(ev.empty());
    w.connected(at(3, 0, 0, 7));  // silence counts from the reconnection
    w.check(at(3, 0, 4, 7), ev);
    REQUIRE(ev.empty());
}

TEST_CASE("tiers: start on the first up, fail over on loss, fail back after a healthy period") {
    TierSelector s({"zerodha", "dhan", "rest"}, 60);
    std::vector<TierEvent> ev;
    s.up(1, at(9, 0), ev);  // the fallback answers first
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up, TierEventKind::Activated});
    REQUIRE(s.active() == 1);
    ev.clear();
    s.up(0, at(9, 0, 1), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up});
    s.check(at(9, 1), ev);  // 59 s: not yet
    REQUIRE(ev.size() == 1);
    s.check(at(9, 1, 1), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up, TierEventKind::Failback});
    REQUIRE(ev[1].tier == 0);
    REQUIRE(ev[1].from == 1);
    REQUIRE(s.active() == 0);
    ev.clear();

    // The primary stalls: FEED_STALE then FEED_FAILOVER to dhan.
    s.stalled(0, 30, at(10, 0), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Stalled, TierEventKind::Failover});
    REQUIRE(ev[1].tier == 1);
    REQUIRE(ev[1].from == 0);
    REQUIRE(ev[1].reason == TierReason::Stalled);
    REQUIRE(alert_words(ev[0].kind).code == "FEED_STALE");
    REQUIRE(alert_words(ev[1].kind).code == "FEED_FAILOVER");
    ev.clear();
    // The caller closes the silent socket: already said.
    s.down(0, TierReason::Disconnected, "", at(10, 0, 1), ev);
    REQUIRE(ev.empty());
    REQUIRE(s.state(0) == TierState::Down);

    // dhan drops too: over to REST polling.
    s.down(1, TierReason::Disconnected, "closed 1006", at(10, 2), ev);
    s.up(2, at(10, 2), ev);  // (already polling in a real run; here it comes up now)
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down, TierEventKind::NoTierLeft, TierEventKind::Up,
                                     TierEventKind::Activated});
    REQUIRE(ev[0].detail == "closed 1006");
    REQUIRE(alert_words(ev[1].kind).level == "crit");
    REQUIRE(s.active() == 2);
    ev.clear();

    // The primary comes back but flaps: no failback until it holds for 60 s.
    s.up(0, at(10, 5), ev);
    s.check(at(10, 5, 30), ev);
    s.down(0, TierReason::AuthFailed, "Invalid API key", at(10, 5, 40), ev);
    s.check(at(10, 6, 10), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up, TierEventKind::Down});
    REQUIRE(ev[0].reason == TierReason::Reconnected);
    REQUIRE(ev[1].reason == TierReason::AuthFailed);
    REQUIRE(s.active() == 2);
    ev.clear();
    // dhan back and healthy for 60 s first: failback to dhan, then to the primary.
    s.up(1, at(10, 6), ev);
    s.up(0, at(10, 6, 30), ev);
    s.check(at(10, 7), ev);
    REQUIRE(s.active() == 1);
    s.check(at(10, 7, 30), ev);
    REQUIRE(s.active() == 0);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up, TierEventKind::Up, TierEventKind::Failback,
                                     TierEventKind::Failback});
    REQUIRE(alert_words(TierEventKind::Failback).code == "FEED_RECOVERED");
}

TEST_CASE("tiers: a failover goes to the best tier up, even one back only a moment") {
    TierSelector s({"a", "b", "c"}, 60);
    std::vector<TierEvent> ev;
    s.up(0, at(10, 0), ev);
    s.up(2, at(10, 0), ev);
    s.down(0, TierReason::Disconnected, "", at(10, 1), ev);
    REQUIRE(s.active() == 2);
    s.up(1, at(10, 2), ev);
    s.up(0, at(10, 2, 1), ev);
    ev.clear();
    s.down(2, TierReason::ServerError, "BROKER_ERROR", at(10, 2, 2), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down, TierEventKind::Failover});
    REQUIRE(ev[1].tier == 0);  // the primary is up: straight back to it
    REQUIRE(s.switches() == 3);
    // Reports about tiers not active change nothing but their state.
    ev.clear();
    s.stalled(1, 40, at(10, 3), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Stalled});
    REQUIRE(s.active() == 0);
}

TEST_CASE("tiers: every instance failing from the start is no tier left, said once, and starts polling") {
    // Found under a slow build: the only WebSocket refused before it was ever up left the feed
    // silent, with no FEED_DOWN crit and no polling, for the whole run.
    TierSelector s({"zerodha", "dhan", "rest"}, 60, TierSelector::LastTier::OnDemand);
    std::vector<TierEvent> ev;
    s.down(0, TierReason::ConnectFailed, "connect failed", at(9, 0), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down});  // dhan may still answer
    ev.clear();
    s.down(1, TierReason::AuthFailed, "Invalid API key", at(9, 0, 1), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down, TierEventKind::NoTierLeft});
    REQUIRE(alert_words(ev[1].kind).level == "crit");
    ev.clear();
    // Each failed reconnection is not a new outage.
    s.down(0, TierReason::ConnectFailed, "connect failed", at(9, 0, 3), ev);
    s.down(1, TierReason::AuthFailed, "Invalid API key", at(9, 0, 4), ev);
    REQUIRE(ev.empty());
    s.up(2, at(9, 0, 5), ev);  // the polling tier answers
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Up, TierEventKind::Activated});
    ev.clear();
    // Once something was active, a later outage of every tier is said again.
    s.down(2, TierReason::ServerError, "HTTP 500", at(9, 5), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down, TierEventKind::NoTierLeft});
}

TEST_CASE("tiers: without a polling tier, every instance failing from the start is said at once") {
    TierSelector s({"zerodha"}, 60);
    std::vector<TierEvent> ev;
    s.down(0, TierReason::ConnectFailed, "connect failed", at(9, 0), ev);
    REQUIRE(kinds(ev) == std::vector{TierEventKind::Down, TierEventKind::NoTierLeft});
}
