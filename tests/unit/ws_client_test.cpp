// The WebSocket client against a scripted server on loopback: messages both ways, fragments,
// every way a connection ends (with its cause and code), pings, bounds and loss reporting.
#include <catch2/catch.hpp>

#include <thread>

#include "net/ws_client.hpp"
#include "net_test_util.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;
using net::WsCloseCause;
using net::WsEventKind;

namespace {

// A client connected to `server` through `peer` (handshake done, Opened drained).
struct Connected {
    Connected(net::WsService& service, WsTestServer& server, net::WsOptions options = {}) {
        options.url = server.url();
        conn = std::make_unique<net::WsConnection>(service, options);
        REQUIRE(conn->open());
        peer = server.accept(10s);
        REQUIRE(peer.valid());
        REQUIRE(peer.handshake(10s));
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Opened)));
        REQUIRE(ev.size() == 1);
        REQUIRE(conn->state() == net::WsState::Open);
    }
    std::unique_ptr<net::WsConnection> conn;
    WsPeer peer;
};

}  // namespace

TEST_CASE("text goes out and comes back as whole messages, in order") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    REQUIRE(c.conn->send(R"({"action":"authenticate","api_key":"k"})") == net::SendResult::Queued);
    REQUIRE(c.conn->send("second") == net::SendResult::Queued);
    REQUIRE(c.peer.read_text(10s) == R"({"action":"authenticate","api_key":"k"})");
    REQUIRE(c.peer.read_text(10s) == "second");
    for (int i = 0; i < 100; ++i)
        c.peer.send_text("tick " + std::to_string(i));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, [](auto& v) { return messages_of(v).size() == 100; }));
    for (int i = 0; i < 100; ++i)
        REQUIRE(messages_of(ev)[i] == "tick " + std::to_string(i));
    const auto st = c.conn->stats();
    REQUIRE(st.messages == 100);
    REQUIRE(st.lost == 0);
    REQUIRE(st.last_message_ns > 0);
}

TEST_CASE("fragments and messages larger than a read are reassembled; binary is flagged") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    c.peer.send_frame(1, "{\"type\":", false);
    c.peer.send_frame(0, "\"market_", false);
    c.peer.send_frame(9, "ping-in-between");  // a control frame may come between fragments
    c.peer.send_frame(0, "data\"}", true);
    const std::string big(300'000, 'x');  // several of libwebsockets' reads
    c.peer.send_text(big);
    c.peer.send_frame(2, std::string("\x00\x01\x02", 3));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, [](auto& v) { return messages_of(v).size() == 3; }));
    REQUIRE(messages_of(ev)[0] == R"({"type":"market_data"})");
    REQUIRE(messages_of(ev)[1] == big);
    REQUIRE(messages_of(ev)[2] == std::string("\x00\x01\x02", 3));
    REQUIRE_FALSE(ev[0].binary);
    REQUIRE(ev[2].binary);
    // The ping in the middle was answered, not handed over.
    auto pong = c.peer.read_frame(10s);
    REQUIRE(pong);
    INFO("frame " << int(pong->opcode) << " " << pong->payload);
    REQUIRE(pong->opcode == 10);
    REQUIRE(pong->payload == "ping-in-between");
}

TEST_CASE("every message is followed by readable padding (simdjson reads ahead)") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    for (int i = 0; i < 50; ++i)
        c.peer.send_text(std::string(static_cast<std::size_t>(i), 'a'));
    int seen = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (seen < 50 && std::chrono::steady_clock::now() < deadline) {
        wait_readable(c.conn->ready_fd(), 1s);
        c.conn->drain([&](const net::WsEvent& e) {
            volatile char sink = 0;
            for (std::size_t k = 0; k < net::kWsPadding; ++k)
                sink = sink + e.data.data()[e.data.size() + k];
            (void)sink;
            ++seen;
        });
    }
    REQUIRE(seen == 50);
}

TEST_CASE("a close frame from the server is reported with its code and reason (4401 auth timeout)") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    c.peer.send_close(4401, "auth timeout");
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
    const auto* closed = closed_of(ev);
    REQUIRE(closed->cause == WsCloseCause::PeerClosed);
    REQUIRE(closed->close_code == 4401);
    REQUIRE(closed->data == "auth timeout");
    REQUIRE(c.conn->state() == net::WsState::Idle);
    // The client answered the close as the protocol requires.
    auto echo = c.peer.read_frame(10s);
    REQUIRE(echo);
    REQUIRE(echo->opcode == 8);
}

TEST_CASE("a connection that ends without a close frame is reported as dropped (1006)") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    c.peer.send_text("last words");
    c.peer.drop();
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(messages_of(ev) == std::vector<std::string>{"last words"});
    REQUIRE(closed_of(ev)->cause == WsCloseCause::Dropped);
    REQUIRE(closed_of(ev)->close_code == 1006);
}

TEST_CASE(
    "a refused connection, a refused handshake and a silent server each end the attempt as ConnectFailed") {
    net::WsService service;
    SECTION("nothing listens") {
        net::WsConnection conn(service, {.url = "ws://127.0.0.1:" + std::to_string(refused_port()) + "/"});
        REQUIRE(conn.open());
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(ev.size() == 1);  // no Opened before it
        REQUIRE(ev[0].cause == WsCloseCause::ConnectFailed);
        REQUIRE(ev[0].close_code == 0);
        REQUIRE_FALSE(ev[0].data.empty());
    }
    SECTION("the server answers the upgrade with 403") {
        WsTestServer server;
        net::WsConnection conn(service, {.url = server.url()});
        REQUIRE(conn.open());
        auto peer = server.accept(10s);
        REQUIRE_FALSE(peer.handshake(10s, 403));
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(ev[0].cause == WsCloseCause::ConnectFailed);
    }
    SECTION("the server accepts the socket and never answers the upgrade") {
        WsTestServer server;
        net::WsConnection conn(service, {.url = server.url(), .connect_timeout = 300ms});
        const auto t0 = std::chrono::steady_clock::now();
        REQUIRE(conn.open());
        auto peer = server.accept(10s);
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(std::chrono::steady_clock::now() - t0 >= 300ms);
        REQUIRE(ev[0].cause == WsCloseCause::ConnectFailed);
        REQUIRE_THAT(ev[0].data, Catch::Contains("no handshake within 300 ms"));
    }
}

TEST_CASE("close() sends a close frame with our code; the server's answer ends it as LocalClose") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    c.conn->close(4000, "switching tier");
    auto frame = c.peer.read_frame(10s);
    REQUIRE(frame);
    REQUIRE(frame->opcode == 8);
    REQUIRE(frame->payload.substr(2) == "switching tier");
    REQUIRE((static_cast<unsigned char>(frame->payload[0]) << 8 |
             static_cast<unsigned char>(frame->payload[1])) == 4000);
    c.peer.send_close(4000, "");
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(closed_of(ev)->cause == WsCloseCause::LocalClose);
    REQUIRE(closed_of(ev)->close_code == 4000);
}

TEST_CASE("an attempt runs to its Closed before the next; open() says no meanwhile") {
    WsTestServer server;
    net::WsService service;
    net::WsConnection conn(service, {.url = server.url()});
    REQUIRE(conn.send("too early") == net::SendResult::NotOpen);
    REQUIRE(conn.open());
    REQUIRE_FALSE(conn.open());
    for (int round = 0; round < 3; ++round) {
        auto peer = server.accept(10s);
        REQUIRE(peer.handshake(10s));
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Opened)));
        peer.drop();
        REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(conn.state() == net::WsState::Idle);
        REQUIRE(conn.open());
    }
    REQUIRE(conn.stats().opens == 3);
    conn.close();  // abandons the fourth attempt while it connects
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(closed_of(ev)->cause == WsCloseCause::LocalClose);
}

TEST_CASE("our own pings: answered, the connection stays; unanswered, it closes as PingTimeout") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server, {.ping_interval = 100ms, .pong_timeout = 300ms});
    // Answer three pings.
    for (int i = 0; i < 3; ++i) {
        auto f = c.peer.read_frame(10s);
        REQUIRE(f);
        REQUIRE(f->opcode == 9);
        c.peer.send_frame(10, f->payload);
    }
    REQUIRE(c.conn->state() == net::WsState::Open);
    // Then go silent, socket open: a hung server.
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(std::chrono::steady_clock::now() - t0 >= 300ms);
    REQUIRE(closed_of(ev)->cause == WsCloseCause::PingTimeout);
}

TEST_CASE("a message over the limit closes the connection with 1009") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server, {.max_message_bytes = 1000, .queue_bytes = 4000});
    c.peer.send_text(std::string(900, 'a'));
    c.peer.send_text(std::string(1001, 'b'));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(messages_of(ev).size() == 1);
    REQUIRE(closed_of(ev)->cause == WsCloseCause::MessageTooBig);
    REQUIRE(closed_of(ev)->close_code == 1009);
    std::optional<WsFrame> f;
    while ((f = c.peer.read_frame(10s)) && f->opcode != 8) {
    }
    REQUIRE(f);
    REQUIRE((static_cast<unsigned char>(f->payload[0]) << 8 | static_cast<unsigned char>(f->payload[1])) ==
            1009);
}

TEST_CASE("a consumer that falls behind loses the oldest messages, counted, and keeps the newest") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server, {.max_message_bytes = 1000, .queue_bytes = 64 * 1024});
    // 20000 numbered 100-byte messages while the consumer reads nothing: far over the bound.
    std::string burst;
    for (int i = 0; i < 20000; ++i) {
        auto text = std::to_string(i);
        text.resize(100, ' ');
        burst += encode_server_frame(1, text);
    }
    c.peer.send_raw(burst);
    c.peer.send_text("end");
    // Wait until the service thread has taken everything in (stats count on arrival).
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (c.conn->stats().messages < 20001 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, [](auto& v) { return !v.empty() && v.back().data == "end"; }));
    std::uint64_t lost = 0;
    std::vector<int> seen;
    for (const auto& e : ev) {
        if (e.kind == WsEventKind::Lost) lost += e.lost;
        if (e.kind == WsEventKind::Message && e.data != "end") seen.push_back(std::stoi(e.data));
    }
    REQUIRE(lost > 0);
    REQUIRE(lost + seen.size() == 20000);  // every message either delivered or counted
    REQUIRE(c.conn->stats().lost == lost);
    REQUIRE(seen.back() == 19999);  // the newest kept
    for (std::size_t i = 1; i < seen.size(); ++i)
        REQUIRE(seen[i] > seen[i - 1]);  // in order
}

TEST_CASE("several connections on one service each get their own messages") {
    WsTestServer a, b;
    net::WsService service;
    Connected ca(service, a), cb(service, b);
    std::thread sa([&] {
        for (int i = 0; i < 2000; ++i)
            ca.peer.send_text("a" + std::to_string(i));
    });
    std::thread sb([&] {
        for (int i = 0; i < 2000; ++i)
            cb.peer.send_text("b" + std::to_string(i));
    });
    std::vector<OwnedWsEvent> ea, eb;
    REQUIRE(collect_until(*ca.conn, ea, [](auto& v) { return messages_of(v).size() == 2000; }));
    REQUIRE(collect_until(*cb.conn, eb, [](auto& v) { return messages_of(v).size() == 2000; }));
    sa.join();
    sb.join();
    for (int i = 0; i < 2000; ++i) {
        REQUIRE(messages_of(ea)[i] == "a" + std::to_string(i));
        REQUIRE(messages_of(eb)[i] == "b" + std::to_string(i));
    }
}

TEST_CASE("sends from another thread while messages arrive") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server);
    std::thread sender([&] {
        for (int i = 0; i < 500; ++i)
            while (c.conn->send("s" + std::to_string(i)) == net::SendResult::OutboxFull)
                std::this_thread::yield();
    });
    std::thread echo([&] {
        for (int i = 0; i < 500; ++i) {
            auto t = c.peer.read_text(20s);
            REQUIRE(t == "s" + std::to_string(i));
            c.peer.send_text("r" + *t);
        }
    });
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*c.conn, ev, [](auto& v) { return messages_of(v).size() == 500; }));
    sender.join();
    echo.join();
    REQUIRE(messages_of(ev)[499] == "rs499");
}

TEST_CASE("the outbox is bounded") {
    WsTestServer server;
    net::WsService service;
    Connected c(service, server, {.max_outbox_bytes = 100});
    // The service thread may write some meanwhile; without reading, the bound is met quickly.
    int queued = 0;
    net::SendResult r = net::SendResult::Queued;
    for (int i = 0; i < 100000 && r == net::SendResult::Queued; ++i) {
        r = c.conn->send(std::string(60, 'x'));
        queued += r == net::SendResult::Queued;
    }
    REQUIRE(r == net::SendResult::OutboxFull);
    REQUIRE(queued >= 1);  // an empty outbox takes a message smaller than its bound
}

TEST_CASE("a connection destroyed while open says goodbye (1001); a stopped service closes its connections") {
    WsTestServer server;
    SECTION("the connection goes") {
        net::WsService service;
        auto c = std::make_unique<Connected>(service, server);
        auto peer = std::move(c->peer);
        c.reset();
        auto f = peer.read_frame(10s);
        REQUIRE(f);
        REQUIRE(f->opcode == 8);
        REQUIRE((static_cast<unsigned char>(f->payload[0]) << 8 |
                 static_cast<unsigned char>(f->payload[1])) == 1001);
    }
    SECTION("the service goes") {
        auto service = std::make_unique<net::WsService>();
        Connected c(*service, server);
        service.reset();
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(*c.conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(closed_of(ev)->cause == WsCloseCause::ServiceStopped);
        REQUIRE_FALSE(c.conn->open());
        REQUIRE(c.peer.wait_closed(10s));
    }
}

TEST_CASE("a URL the client cannot use is refused before anything connects") {
    net::WsService service;
    REQUIRE_THROWS_WITH(net::WsConnection(service, {.url = "http://127.0.0.1:1/"}), Catch::Contains("ws://"));
    REQUIRE_THROWS_AS(net::WsConnection(service, {.url = "ws://127.0.0.1:99999/"}), net::UrlError);
    REQUIRE_THROWS_AS(net::WsConnection(service, {.url = "ws://127.0.0.1:1/", .max_message_bytes = 0}),
                      std::invalid_argument);
}
