// What only ws://'s own framing (lib/net/ws_raw.cpp) does, against the scripted server: a server
// that breaks the protocol, a 101 that does not answer our key, a server close echoed, a close
// that the server never answers; and the same exchange on libwebsockets' WebSocket role
// (WsOptions::libwebsockets_framing), which wss:// always uses, so that both stay tested.
#include <catch2/catch.hpp>

#include "net/ws_client.hpp"
#include "net_test_util.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;
using net::WsCloseCause;
using net::WsEventKind;

namespace {

std::unique_ptr<net::WsConnection> connected(net::WsService& service, WsTestServer& server, WsPeer& peer,
                                             net::WsOptions options = {}) {
    options.url = server.url();
    auto conn = std::make_unique<net::WsConnection>(service, options);
    REQUIRE(conn->open());
    peer = server.accept(10s);
    REQUIRE(peer.handshake(10s));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Opened)));
    return conn;
}

int close_code_of(const WsFrame& f) {
    return static_cast<unsigned char>(f.payload[0]) << 8 | static_cast<unsigned char>(f.payload[1]);
}

}  // namespace

TEST_CASE("a server that breaks the protocol is closed with 1002 and reported as ProtocolError") {
    WsTestServer server;
    net::WsService service;
    WsPeer peer;
    auto conn = connected(service, server, peer);
    std::string bad = encode_server_frame(1, "before");
    bad += std::string("\x81\x82\x01\x02\x03\x04hi", 8);  // a masked frame: only clients mask
    REQUIRE(peer.send_raw(bad));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(messages_of(ev) == std::vector<std::string>{"before"});
    REQUIRE(closed_of(ev)->cause == WsCloseCause::ProtocolError);
    REQUIRE(closed_of(ev)->close_code == 1002);
    REQUIRE_THAT(closed_of(ev)->data, Catch::Contains("masked"));
    const auto f = peer.read_frame(10s);
    REQUIRE(f);
    REQUIRE(f->opcode == 8);
    REQUIRE(close_code_of(*f) == 1002);
}

TEST_CASE("a 101 that does not answer our key ends the attempt as ConnectFailed, saying so") {
    WsTestServer server;
    net::WsService service;
    net::WsConnection conn(service, {.url = server.url()});
    REQUIRE(conn.open());
    auto peer = server.accept(10s);
    REQUIRE(
        peer.send_raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(ev.size() == 1);  // never Opened
    REQUIRE(ev[0].cause == WsCloseCause::ConnectFailed);
    REQUIRE_THAT(ev[0].data, Catch::Contains("Sec-WebSocket-Accept"));
}

TEST_CASE("the server's close frame is answered with its code; a server that never answers ours is left") {
    WsTestServer server;
    net::WsService service;
    WsPeer peer;
    SECTION("the server closes") {
        auto conn = connected(service, server, peer);
        peer.send_close(1011, "restarting");
        const auto f = peer.read_frame(10s);
        REQUIRE(f);
        REQUIRE(f->opcode == 8);
        REQUIRE(close_code_of(*f) == 1011);
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Closed)));
        REQUIRE(closed_of(ev)->cause == WsCloseCause::PeerClosed);
        REQUIRE(closed_of(ev)->close_code == 1011);
        REQUIRE(closed_of(ev)->data == "restarting");
    }
    SECTION("we close and the server stays silent: the socket is closed after the wait") {
        auto conn = connected(service, server, peer);
        conn->close(1000, "done");
        const auto f = peer.read_frame(10s);
        REQUIRE(f);
        REQUIRE(f->opcode == 8);
        std::vector<OwnedWsEvent> ev;
        REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Closed), 10s));
        REQUIRE(closed_of(ev)->cause == WsCloseCause::LocalClose);
        REQUIRE(closed_of(ev)->close_code == 1000);
    }
}

TEST_CASE("messages, pings and a close on libwebsockets' WebSocket role (libwebsockets_framing)") {
    WsTestServer server;
    net::WsService service;
    WsPeer peer;
    auto conn = connected(service, server, peer, {.libwebsockets_framing = true});
    REQUIRE(conn->send("subscribe") == net::SendResult::Queued);
    REQUIRE(peer.read_text(10s) == "subscribe");
    peer.send_frame(1, "frag", false);
    peer.send_frame(9, "ping");
    peer.send_frame(0, "ment");
    peer.send_text("whole");
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(*conn, ev, [](auto& v) { return messages_of(v).size() == 2; }));
    REQUIRE(messages_of(ev) == std::vector<std::string>{"fragment", "whole"});
    std::optional<WsFrame> pong;
    while ((pong = peer.read_frame(10s)) && pong->opcode != 10) {
    }
    REQUIRE(pong);
    REQUIRE(pong->payload == "ping");
    peer.send_close(4401, "auth timeout");
    REQUIRE(collect_until(*conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(closed_of(ev)->cause == WsCloseCause::PeerClosed);
    REQUIRE(closed_of(ev)->close_code == 4401);
}

TEST_CASE("a server that hangs up before answering the upgrade ends the attempt as ConnectFailed") {
    WsTestServer server;
    net::WsService service;
    net::WsConnection conn(service, {.url = server.url()});
    REQUIRE(conn.open());
    auto peer = server.accept(10s);
    peer.drop();
    std::vector<OwnedWsEvent> ev;
    REQUIRE(collect_until(conn, ev, has_kind(WsEventKind::Closed)));
    REQUIRE(ev.size() == 1);
    REQUIRE(ev[0].cause == WsCloseCause::ConnectFailed);
    REQUIRE(ev[0].close_code == 0);
}
