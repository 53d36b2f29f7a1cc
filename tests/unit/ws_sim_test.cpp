// The WebSocket client against the project's OpenAlgo simulator: OpenAlgo's authenticate and
// subscribe as raw messages, market data flowing, and each fault the feed must survive seen
// as the transport reports it. No OpenAlgo JSON is parsed here beyond looking for a marker.
#include <catch2/catch.hpp>

#include <thread>

#include "net/ws_client.hpp"
#include "net_test_util.hpp"
#include "sim_process.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;
using net::WsCloseCause;
using net::WsEventKind;

namespace {

constexpr std::string_view kAuth = R"({"action":"authenticate","api_key":"openalgo-sim-key"})";
constexpr std::string_view kSubscribe =
    R"({"action":"subscribe","symbols":[{"symbol":"NIFTY","exchange":"NSE_INDEX"}],"mode":2})";

std::size_t count_containing(const std::vector<OwnedWsEvent>& v, std::string_view marker,
                             std::size_t from = 0) {
    std::size_t n = 0;
    for (std::size_t i = from; i < v.size(); ++i)
        if (v[i].kind == WsEventKind::Message && v[i].data.find(marker) != std::string::npos) ++n;
    return n;
}

auto has_message(std::string_view marker, std::size_t count = 1, std::size_t from = 0) {
    return [=](const std::vector<OwnedWsEvent>& v) { return count_containing(v, marker, from) >= count; };
}

// Opens `conn`, authenticates and subscribes NIFTY, and waits for ticks to flow.
void open_and_subscribe(net::WsConnection& conn, std::vector<OwnedWsEvent>& ev) {
    REQUIRE(conn.open());
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Opened)));
    REQUIRE(conn.send(kAuth) == net::SendResult::Queued);
    REQUIRE(collect_until(conn, ev, has_message(R"("type": "auth")")));
    REQUIRE(conn.send(kSubscribe) == net::SendResult::Queued);
    const auto from = ev.size();
    REQUIRE(collect_until(conn, ev, has_message("\"market_data\"", 3, from)));
}

std::vector<std::string> quick_market(std::vector<std::string> more = {}) {
    more.insert(more.end(), {"--speed", "20", "--tick-interval", "0.5"});  // ~40 NIFTY ticks a second
    return quick_sim_args(more);
}

}  // namespace

TEST_CASE(
    "OpenAlgo's authenticate and subscribe as raw messages; the server's pings answered; a stall stays a "
    "silent open socket") {
    SimProcess sim(quick_market({"--ws-ping-interval", "0.3", "--ws-ping-timeout", "0.3"}));
    net::WsService service;
    net::WsConnection conn(service, {.url = sim.ws(), .ping_interval = 200ms, .pong_timeout = 2s});
    std::vector<OwnedWsEvent> ev;
    open_and_subscribe(conn, ev);
    REQUIRE(count_containing(ev, R"("status": "success")") >= 2);  // the auth and subscribe acks

    // Two seconds: the server pings every 0.3 s and closes (1011) a client whose pong is late.
    auto from = ev.size();
    REQUIRE_FALSE(collect_until(conn, ev, has_kind(WsEventKind::Closed), 2s));
    REQUIRE(count_containing(ev, "\"market_data\"", from) > 10);

    // Stall: socket open, pings answered, no market data. The client reports nothing but
    // silence: no Closed, no invented message, the last message's time stands still.
    REQUIRE(sim.fault(R"({"fault":"stall","seconds":2})").status == 200);
    REQUIRE(conn.send(R"({"action":"ping","_pingId":"stall"})") == net::SendResult::Queued);
    REQUIRE(collect_until(conn, ev, has_message("\"stall\"")));  // frames before this were queued earlier
    from = ev.size();
    const auto last = conn.stats().last_message_ns;
    REQUIRE_FALSE(collect_until(
        conn, ev, [](auto&) { return false; }, 1200ms));
    REQUIRE(ev.size() == from);
    REQUIRE(conn.stats().last_message_ns == last);
    REQUIRE(conn.state() == net::WsState::Open);
    // Ticks resume when the stall ends, on the same connection.
    REQUIRE(collect_until(conn, ev, has_message("\"market_data\"", 3, from), 20s));
    REQUIRE(conn.stats().opens == 1);
}

TEST_CASE("drop, close 1011, refuse and freeze, one after another, each ends the attempt with its cause") {
    SimProcess sim(quick_market());
    net::WsService service;
    net::WsConnection conn(
        service, {.url = sim.ws(), .connect_timeout = 3s, .ping_interval = 200ms, .pong_timeout = 600ms});
    std::vector<OwnedWsEvent> ev;

    open_and_subscribe(conn, ev);
    REQUIRE(sim.fault(R"({"fault":"drop"})").status == 200);
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    CHECK(closed_of(ev)->cause == WsCloseCause::Dropped);
    CHECK(closed_of(ev)->close_code == 1006);

    ev.clear();
    open_and_subscribe(conn, ev);
    REQUIRE(sim.fault(R"({"fault":"close","code":1011,"reason":"upstream broker gone"})").status == 200);
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    CHECK(closed_of(ev)->cause == WsCloseCause::PeerClosed);
    CHECK(closed_of(ev)->close_code == 1011);
    CHECK(closed_of(ev)->data == "upstream broker gone");

    ev.clear();
    REQUIRE(sim.fault(R"({"fault":"refuse","seconds":1.5})").status == 200);
    REQUIRE(conn.open());
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    CHECK(ev.size() == 1);
    CHECK(closed_of(ev)->cause == WsCloseCause::ConnectFailed);
    std::this_thread::sleep_for(1600ms);

    ev.clear();
    open_and_subscribe(conn, ev);  // the port is back
    REQUIRE(sim.fault(R"({"fault":"freeze","seconds":30})").status == 200);
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    CHECK(closed_of(ev)->cause == WsCloseCause::PingTimeout);
    REQUIRE(sim.call("DELETE", "/_sim/fault").status == 200);
    CHECK(conn.stats().opens == 3);
}

TEST_CASE("a client that does not authenticate in the grace period is closed with 4401 auth timeout") {
    SimProcess sim(quick_sim_args({"--ws-auth-grace", "0.5"}));
    net::WsService service;
    net::WsConnection conn(service, {.url = sim.ws()});
    REQUIRE(conn.open());
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(ev.front().kind == WsEventKind::Opened);
    REQUIRE(closed_of(ev)->cause == WsCloseCause::PeerClosed);
    REQUIRE(closed_of(ev)->close_code == 4401);
    REQUIRE(closed_of(ev)->data == "auth timeout");
}
