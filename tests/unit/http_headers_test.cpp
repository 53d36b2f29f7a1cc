// The HTTP client's headers for web sites (Yahoo Finance, NSE): the caller's headers replace
// the client's own of the same name, the answer's Set-Cookie values come back (the final
// answer's only), and compressed answers are asked for only when the client is told to.
// Against a raw loopback socket that records the request and answers as scripted.
#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "net/http_client.hpp"
#include "net_test_util.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;

namespace {

// Accepts one connection, reads one request's head, sends `answer`; the head is returned.
std::string serve_once(WsTestServer& server, const std::string& answer) {
    WsPeer peer = server.accept(10s);
    REQUIRE(peer.valid());
    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
        REQUIRE(wait_readable(peer.fd(), 10s));
        const auto n = ::recv(peer.fd(), buf, sizeof buf, 0);
        REQUIRE(n > 0);
        head.append(buf, static_cast<std::size_t>(n));
    }
    REQUIRE(peer.send_raw(answer));
    return head;
}

net::HttpResult result_of(net::HttpClient& client) {
    std::optional<net::HttpResult> got;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!got && std::chrono::steady_clock::now() < deadline) {
        wait_readable(client.ready_fd(), 200ms);
        client.drain([&](net::HttpResult&& r) { got = std::move(r); }, 1);
    }
    REQUIRE(got);
    return std::move(*got);
}

std::size_t count_lines(const std::string& head, std::string name) {
    std::string lower = head;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t n = 0;
    for (std::size_t at = lower.find("\r\n" + name + ":"); at != std::string::npos;
         at = lower.find("\r\n" + name + ":", at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("http: the caller's headers replace the client's own, Set-Cookie values come back") {
    WsTestServer server;
    net::HttpClient client({.base_url = "http://127.0.0.1:" + std::to_string(server.port())});
    net::HttpRequest req;
    req.method = net::HttpMethod::Get;
    req.path = "/api/option-chain-v3";
    req.query = "type=Indices&symbol=NIFTY";
    req.headers = {{"User-Agent", "Mozilla/5.0 test"},
                   {"Accept", "text/html"},
                   {"Referer", "http://127.0.0.1/option-chain"},
                   {"Cookie", "nsit=abc; nseappid=xyz"}};
    REQUIRE(client.submit(req));
    const std::string head = serve_once(server,
                                        "HTTP/1.1 200 OK\r\n"
                                        "Set-Cookie: nsit=new1; Path=/; HttpOnly\r\n"
                                        "set-cookie:  nseappid=new2; Max-Age=600 \r\n"
                                        "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    REQUIRE(head.rfind("GET /api/option-chain-v3?type=Indices&symbol=NIFTY HTTP/1.1\r\n", 0) == 0);
    CHECK(count_lines(head, "User-Agent") == 1);
    CHECK(head.find("\r\nUser-Agent: Mozilla/5.0 test\r\n") != std::string::npos);
    CHECK(count_lines(head, "Accept") == 1);
    CHECK(head.find("\r\nAccept: text/html\r\n") != std::string::npos);
    CHECK(head.find("\r\nCookie: nsit=abc; nseappid=xyz\r\n") != std::string::npos);
    CHECK(head.find("\r\nReferer: http://127.0.0.1/option-chain\r\n") != std::string::npos);
    CHECK(count_lines(head, "Accept-Encoding") == 0);  // not asked for by default
    const auto r = result_of(client);
    REQUIRE(r.outcome == net::HttpOutcome::Answered);
    CHECK(r.status == 200);
    CHECK(r.body == "{}");
    REQUIRE(r.set_cookies.size() == 2);
    CHECK(r.set_cookies[0] == "nsit=new1; Path=/; HttpOnly");
    CHECK(r.set_cookies[1] == "nseappid=new2; Max-Age=600");
}

TEST_CASE("http: without headers of the caller's the client sends its own, compressed answers when asked") {
    WsTestServer server;
    net::HttpClient client(
        {.base_url = "http://127.0.0.1:" + std::to_string(server.port()), .accept_compressed = true});
    net::HttpRequest req;
    req.method = net::HttpMethod::Get;
    req.path = "/v8/finance/chart/%5ENSEI";
    REQUIRE(client.submit(req));
    // An interim answer's cookies are not the final answer's.
    const std::string head = serve_once(server,
                                        "HTTP/1.1 100 Continue\r\nSet-Cookie: interim=1\r\n\r\n"
                                        "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 17\r\n"
                                        "Connection: close\r\n\r\nToo Many Requests");
    CHECK(head.find("\r\nUser-Agent: sos\r\n") != std::string::npos);
    CHECK(head.find("\r\nAccept: application/json\r\n") != std::string::npos);
    CHECK(count_lines(head, "Accept-Encoding") == 1);
    const auto r = result_of(client);
    REQUIRE(r.outcome == net::HttpOutcome::Answered);
    CHECK(r.status == 429);
    CHECK(r.body == "Too Many Requests");
    CHECK(r.set_cookies.empty());
}
