// The WebSocket event queue on its own: order, the ready descriptor, the byte bound with
// drop-oldest and counted loss, state events never dropped; and the clients' URL rules.
#include <catch2/catch.hpp>

#include <thread>

#include "net/url.hpp"
#include "net/ws_queue.hpp"
#include "net_test_util.hpp"

using namespace sos;
using namespace std::chrono_literals;
using net::WsEventKind;

namespace {
std::vector<testing::OwnedWsEvent> drain_all(net::WsEventQueue& q, std::size_t max = SIZE_MAX) {
    std::vector<testing::OwnedWsEvent> out;
    q.drain(
        [&](const net::WsEvent& e) {
            out.push_back({e.kind, e.binary, e.cause, e.close_code, e.lost, std::string(e.data)});
        },
        max);
    return out;
}
}  // namespace

TEST_CASE("the queue's descriptor is readable exactly while published events wait") {
    net::WsEventQueue q(1 << 20);
    REQUIRE_FALSE(testing::wait_readable(q.fd(), 0ms));
    q.push_message("x", false, 0);
    REQUIRE_FALSE(testing::wait_readable(q.fd(), 0ms));  // not yet published
    q.publish();
    REQUIRE(testing::wait_readable(q.fd(), 0ms));
    REQUIRE(drain_all(q).size() == 1);
    REQUIRE_FALSE(testing::wait_readable(q.fd(), 0ms));
    q.push_opened(1);
    q.push_message("a", false, 2);
    q.push_message("b", true, 3);
    q.publish();
    REQUIRE(testing::wait_readable(q.fd(), 0ms));
    auto first = drain_all(q, 2);
    REQUIRE(first.size() == 2);
    REQUIRE(first[0].kind == WsEventKind::Opened);
    REQUIRE(testing::wait_readable(q.fd(), 0ms));  // one left
    auto rest = drain_all(q);
    REQUIRE(rest.size() == 1);
    REQUIRE(rest[0].data == "b");
    REQUIRE(rest[0].binary);
    REQUIRE_FALSE(testing::wait_readable(q.fd(), 0ms));
    q.push_closed(net::WsCloseCause::PeerClosed, 4401, "auth timeout", 4);
    auto closed = drain_all(q);
    REQUIRE(closed[0].close_code == 4401);
    REQUIRE(closed[0].data == "auth timeout");
}

TEST_CASE("over the bound the oldest messages go, counted where they were; state events stay in place") {
    net::WsEventQueue q(1000);
    for (int i = 0; i < 5; ++i)
        q.push_message(std::string(100, static_cast<char>('0' + i)), false, i);
    q.push_closed(net::WsCloseCause::Dropped, 1006, "", 5);
    q.push_opened(6);
    for (int i = 5; i < 12; ++i)
        q.push_message(std::string(100, static_cast<char>('0' + i)), false, i);
    // 1200 bytes offered to a bound of 1000: the oldest went, replaced by a Lost count.
    auto ev = drain_all(q);
    std::uint64_t lost = 0;
    std::string kinds, kept;
    for (const auto& e : ev) {
        kinds += e.kind == WsEventKind::Message ? 'm' : e.kind == WsEventKind::Lost ? 'L' : 's';
        if (e.kind == WsEventKind::Lost) lost += e.lost;
        if (e.kind == WsEventKind::Message) kept += e.data[0];
    }
    REQUIRE(lost + kept.size() == 12);
    REQUIRE(q.lost_total() == lost);
    REQUIRE(kinds.front() == 'L');
    REQUIRE(kinds.find("ss") != std::string::npos);  // Closed then Opened, both kept, in order
    REQUIRE(kept.back() == ';');                     // '0' + 11: the newest kept
    for (std::size_t i = 1; i < kept.size(); ++i)
        REQUIRE(kept[i] > kept[i - 1]);
}

TEST_CASE("a consumer on another thread sees every message or its count, in order") {
    net::WsEventQueue q(16 * 1024);
    constexpr int kMessages = 200000;
    std::thread producer([&] {
        for (int i = 0; i < kMessages; ++i)
            q.push_message(std::to_string(i), false, i);
        q.push_closed(net::WsCloseCause::LocalClose, 1000, "done", 0);
    });
    std::uint64_t lost = 0, seen = 0;
    long last = -1;
    bool closed = false;
    while (!closed) {
        testing::wait_readable(q.fd(), 1000ms);
        q.drain([&](const net::WsEvent& e) {
            if (e.kind == WsEventKind::Lost) lost += e.lost;
            if (e.kind == WsEventKind::Closed) closed = true;
            if (e.kind != WsEventKind::Message) return;
            const long n = std::stol(std::string(e.data));
            REQUIRE(n > last);
            last = n;
            ++seen;
        });
    }
    producer.join();
    REQUIRE(seen + lost == kMessages);
    REQUIRE(last == kMessages - 1);
}

TEST_CASE("URLs: ws, wss, http, https with a host, a port and a path; nothing that could hold a secret") {
    auto u = net::parse_url("ws://127.0.0.1:8765");
    REQUIRE(u.scheme == net::Scheme::Ws);
    REQUIRE(u.host == "127.0.0.1");
    REQUIRE(u.port == 8765);
    REQUIRE(u.path == "/");
    REQUIRE(u.origin() == "ws://127.0.0.1:8765");
    u = net::parse_url("wss://feed.example.in/ws");
    REQUIRE(u.tls());
    REQUIRE(u.port == 443);
    REQUIRE(u.path == "/ws");
    u = net::parse_url("http://[::1]:5000/base/");
    REQUIRE(u.host == "::1");
    REQUIRE(u.origin() == "http://[::1]:5000");
    REQUIRE(u.path == "/base/");
    REQUIRE(net::parse_url("https://x").port == 443);
    auto refused = [](std::string_view url) {
        try {
            net::parse_url(url);
        } catch (const net::UrlError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    REQUIRE_THAT(refused("ftp://x"), Catch::Contains("must start with"));
    REQUIRE_THAT(refused("ws://:80"), Catch::Contains("no host"));
    REQUIRE_THAT(refused("ws://x:0"), Catch::Contains("1 to 65535"));
    REQUIRE_THAT(refused("ws://x:http"), Catch::Contains("1 to 65535"));
    // A secret in the URL is refused, and not repeated in the message.
    const auto q = refused("http://127.0.0.1:5000/api?apikey=SECRET-1");
    REQUIRE_THAT(q, Catch::Contains("query"));
    REQUIRE(q.find("SECRET") == std::string::npos);
    const auto at = refused("http://user:SECRET-2@127.0.0.1:5000/");
    REQUIRE_THAT(at, Catch::Contains("password"));
    REQUIRE(at.find("SECRET") == std::string::npos);
    const auto bad = refused("htp://127.0.0.1/?apikey=SECRET-3");
    REQUIRE(bad.find("SECRET") == std::string::npos);
}
