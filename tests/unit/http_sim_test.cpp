// The HTTP client against the project's OpenAlgo simulator, and against sockets that refuse
// or never accept: every answer is Answered with its status, every failure is NotSent or
// MaybeReceived as the rule says, checked against what the simulator actually placed.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "net/http_client.hpp"
#include "net_test_util.hpp"
#include "sim_process.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;
using net::HttpFailure;
using net::HttpOutcome;

namespace {

std::vector<std::string> order_sim_args(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {
        "--session",          "always", "--prehistory-days", "0", "--symbols", "NSE_INDEX:NIFTY,NSE:SBIN",
        "--order-rate-limit", "",       "--api-rate-limit",  ""};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::string quote_body(std::string_view key = "openalgo-sim-key") {
    return R"({"apikey":")" + std::string(key) + R"(","symbol":"NIFTY","exchange":"NSE_INDEX"})";
}

std::string order_body(std::string_view tag) {
    return R"({"apikey":"openalgo-sim-key","strategy":")" + std::string(tag) +
           R"(","symbol":"SBIN","exchange":"NSE","action":"BUY","quantity":1,"pricetype":"MARKET","product":"MIS"})";
}

// Waits for the next result of `client`.
net::HttpResult next_result(net::HttpClient& client, std::chrono::milliseconds timeout = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<net::HttpResult> got;
    while (!got && std::chrono::steady_clock::now() < deadline) {
        wait_readable(client.ready_fd(), 200ms);
        client.drain([&](net::HttpResult&& r) { got = std::move(r); }, 1);
    }
    REQUIRE(got);
    return std::move(*got);
}

net::HttpResult run(net::HttpClient& client, net::HttpRequest req) {
    REQUIRE(client.submit(std::move(req)));
    return next_result(client);
}

// Orders the simulator's broker created from requests tagged `tag` (its request log).
int placed(const SimProcess& sim, std::string_view tag) {
    const auto a = sim.call("GET", "/_sim/placements?by=strategy");
    REQUIRE(a.status == 200);
    const auto j = nlohmann::json::parse(a.body);
    const auto& p = j["placements"];
    return p.contains(std::string(tag)) ? p[std::string(tag)]["orders"].get<int>() : 0;
}

// A listening socket whose accept queue is full: further connections hang in SYN_SENT, so a
// connect times out on loopback.
struct BlackholeListener {
    BlackholeListener() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0);
        REQUIRE(::listen(fd, 0) == 0);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
        // Fill the queue (backlog 0 holds one) with connections nobody accepts.
        for (int i = 0; i < 3; ++i) {
            const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            ::connect(c, reinterpret_cast<sockaddr*>(&a), len);
            fillers.push_back(c);
        }
        std::this_thread::sleep_for(100ms);
    }
    ~BlackholeListener() {
        for (int c : fillers)
            ::close(c);
        ::close(fd);
    }
    int fd = -1, port = 0;
    std::vector<int> fillers;
};

}  // namespace

TEST_CASE("every answer is Answered with its status and body: 200, 400, 403, 429 with retry_after, 500") {
    SimProcess sim(order_sim_args());
    net::HttpClient client({.base_url = sim.rest()});
    auto r = run(client, {.path = "/api/v1/quotes", .body = quote_body(), .idempotent = true});
    REQUIRE(r.outcome == HttpOutcome::Answered);
    REQUIRE(r.status == 200);
    REQUIRE_THAT(r.body, Catch::Contains("\"ltp\""));
    REQUIRE(r.error.empty());
    REQUIRE(r.timing.total_us > 0);
    REQUIRE(r.timing.first_byte_us >= r.timing.sent_us);

    r = run(client, {.path = "/api/v1/quotes",
                     .body = R"({"apikey":"k","symbol":"NIFTY","exchange":"NSE_INDEX","x":1})"});
    REQUIRE(r.status == 400);
    REQUIRE_THAT(r.body, Catch::Contains("Unknown field"));
    r = run(client, {.path = "/api/v1/quotes", .body = quote_body("wrong-key")});
    REQUIRE(r.status == 403);
    REQUIRE(sim.fault(R"({"fault":"rate_limit","count":1,"retry_after":7})").status == 200);
    r = run(client, {.path = "/api/v1/placeorder", .body = order_body("rl")});
    REQUIRE(r.outcome == HttpOutcome::Answered);
    REQUIRE(r.status == 429);
    REQUIRE_THAT(r.body, Catch::Contains("\"retry_after\":7"));
    REQUIRE(sim.fault(R"({"fault":"http_error","count":1})").status == 200);
    r = run(client, {.path = "/api/v1/quotes", .body = quote_body()});
    REQUIRE(r.status == 500);
    // A GET with a query.
    r = run(client,
            {.method = net::HttpMethod::Get, .path = "/_sim/requests", .query = "kind=rest&name=quotes"});
    REQUIRE(r.status == 200);
    REQUIRE_THAT(r.body, Catch::Contains("\"requests\""));
}

TEST_CASE("keep-alive: sequential requests share one connection, as the server's log shows") {
    SimProcess sim(order_sim_args());
    net::HttpClient client({.base_url = sim.rest()});
    std::vector<int> ports;
    for (int i = 0; i < 10; ++i) {
        auto r = run(client, {.path = "/api/v1/quotes", .body = quote_body(), .idempotent = true});
        REQUIRE(r.status == 200);
        REQUIRE(r.reused_connection == (i > 0));
        ports.push_back(r.local_port);
    }
    REQUIRE(std::all_of(ports.begin(), ports.end(), [&](int p) { return p == ports[0]; }));
    const auto log = nlohmann::json::parse(sim.call("GET", "/_sim/requests?kind=rest&name=quotes").body);
    std::set<int> peers;
    for (const auto& e : log["requests"])
        peers.insert(e["peer_port"].get<int>());
    REQUIRE(peers == std::set<int>{ports[0]});
}

TEST_CASE("refused, and no connection in time: NotSent, within the connect timeout") {
    SECTION("nothing listens") {
        net::HttpClient client({.base_url = "http://127.0.0.1:" + std::to_string(refused_port())});
        auto r = run(client, {.path = "/api/v1/placeorder", .body = "{}"});
        REQUIRE(r.outcome == HttpOutcome::NotSent);
        REQUIRE(r.failure == HttpFailure::ConnectFailed);
        REQUIRE_THAT(r.error, Catch::StartsWith("POST /api/v1/placeorder to http://127.0.0.1:"));
        REQUIRE_THAT(r.error, Catch::Contains("never sent"));
    }
    SECTION("a listener that never accepts") {
        BlackholeListener hole;
        net::HttpClient client({.base_url = "http://127.0.0.1:" + std::to_string(hole.port)});
        const auto t0 = std::chrono::steady_clock::now();
        auto r = run(client,
                     {.path = "/api/v1/placeorder", .body = "{}", .connect_timeout = 300ms, .timeout = 5s});
        REQUIRE(std::chrono::steady_clock::now() - t0 < 4s);
        REQUIRE(r.outcome == HttpOutcome::NotSent);
        REQUIRE(r.failure == HttpFailure::ConnectTimeout);
    }
}

TEST_CASE(
    "a slow answer within the timeout is Answered; beyond it, MaybeReceived, and the order was placed once") {
    SimProcess sim(order_sim_args());
    net::HttpClient client({.base_url = sim.rest()});
    REQUIRE(sim.fault(R"({"fault":"slow","target":"rest","delay_ms":300,"count":1})").status == 200);
    auto r = run(client, {.path = "/api/v1/quotes", .body = quote_body(), .timeout = 10s});
    REQUIRE(r.status == 200);
    REQUIRE(r.timing.first_byte_us >= 300'000);

    // The order is carried out, the acknowledgement held past our timeout.
    REQUIRE(
        sim.fault(
               R"({"fault":"slow","target":"rest","phase":"after","delay_ms":2000,"count":1,"endpoints":["placeorder"]})")
            .status == 200);
    r = run(client, {.path = "/api/v1/placeorder", .body = order_body("slow-after"), .timeout = 500ms});
    REQUIRE(r.outcome == HttpOutcome::MaybeReceived);
    REQUIRE(r.failure == HttpFailure::Timeout);
    REQUIRE(placed(sim, "slow-after") == 1);
}

TEST_CASE(
    "the answer withheld after placement: MaybeReceived, placed once, on a new or a kept-alive connection") {
    static SimProcess sim(order_sim_args());  // one simulator for every section; a client each
    net::HttpClient client({.base_url = sim.rest()});
    SECTION("connection closed without an answer") {
        REQUIRE(sim.fault(R"({"fault":"withhold","count":1,"endpoints":["placeorder"]})").status == 200);
        auto r = run(client, {.path = "/api/v1/placeorder", .body = order_body("withheld-new")});
        REQUIRE(r.outcome == HttpOutcome::MaybeReceived);
        REQUIRE(placed(sim, "withheld-new") == 1);
    }
    SECTION("held past our timeout") {
        REQUIRE(
            sim.fault(R"({"fault":"withhold","count":1,"hold_ms":3000,"endpoints":["placeorder"]})").status ==
            200);
        auto r = run(client,
                     {.path = "/api/v1/placeorder", .body = order_body("withheld-held"), .timeout = 400ms});
        REQUIRE(r.outcome == HttpOutcome::MaybeReceived);
        REQUIRE(r.failure == HttpFailure::Timeout);
        REQUIRE(placed(sim, "withheld-held") == 1);
    }
    SECTION("on a kept-alive connection, libcurl's silent resend is stopped") {
        REQUIRE(run(client, {.path = "/api/v1/quotes", .body = quote_body()}).status == 200);  // warm
        REQUIRE(sim.fault(R"({"fault":"withhold","count":1,"endpoints":["placeorder"]})").status == 200);
        auto r = run(client, {.path = "/api/v1/placeorder", .body = order_body("withheld-reused")});
        REQUIRE(r.outcome == HttpOutcome::MaybeReceived);
        REQUIRE(r.failure == HttpFailure::ResendBlocked);
        REQUIRE(placed(sim, "withheld-reused") == 1);
    }
    SECTION(
        "the libcurl fact itself: an idempotent request IS sent again, so an order would be placed twice") {
        REQUIRE(run(client, {.path = "/api/v1/quotes", .body = quote_body()}).status == 200);  // warm
        REQUIRE(sim.fault(R"({"fault":"withhold","count":1,"endpoints":["placeorder"]})").status == 200);
        auto r =
            run(client, {.path = "/api/v1/placeorder", .body = order_body("resent"), .idempotent = true});
        REQUIRE(r.outcome == HttpOutcome::Answered);  // the second copy's answer
        REQUIRE(placed(sim, "resent") == 2);
    }
}

TEST_CASE("requests run at once: a slow one does not hold up the others; results come back by id and tag") {
    SimProcess sim(order_sim_args());
    net::HttpClient client({.base_url = sim.rest()});
    REQUIRE(sim.fault(R"({"fault":"slow","target":"rest","delay_ms":1500,"count":1,"endpoints":["history"]})")
                .status == 200);
    const std::string history =
        R"({"apikey":"openalgo-sim-key","symbol":"NIFTY","exchange":"NSE_INDEX","interval":"1m","start_date":"2020-01-01","end_date":"2030-01-01"})";
    REQUIRE(client.submit({.path = "/api/v1/history", .body = history, .tag = 99}));
    std::thread other([&] {  // submitted from another thread
        for (std::uint64_t i = 0; i < 20; ++i)
            REQUIRE(client.submit({.path = "/api/v1/quotes", .body = quote_body(), .tag = i}));
    });
    other.join();
    std::vector<std::uint64_t> order;
    while (order.size() < 21)
        order.push_back(next_result(client).tag);
    REQUIRE(order.back() == 99);  // the slow one last, the twenty quotes not behind it
    REQUIRE(client.in_flight() == 0);
}

TEST_CASE("outstanding requests are bounded: submit says no, nothing is dropped") {
    net::HttpClient client(
        {.base_url = "http://127.0.0.1:" + std::to_string(refused_port()), .max_in_flight = 3});
    for (int i = 0; i < 3; ++i)
        REQUIRE(client.submit({.path = "/x"}));
    REQUIRE_FALSE(client.submit({.path = "/x"}));
    for (int i = 0; i < 3; ++i)
        REQUIRE(next_result(client).outcome == HttpOutcome::NotSent);
    REQUIRE(client.submit({.path = "/x"}));
    REQUIRE(next_result(client).outcome == HttpOutcome::NotSent);
}

TEST_CASE("an answer over the size bound is refused as MaybeReceived; a bad base URL is refused at once") {
    SimProcess sim(order_sim_args());
    net::HttpClient client({.base_url = sim.rest() + "/", .max_response_bytes = 64});
    auto r = run(client, {.path = "/api/v1/quotes", .body = quote_body()});
    REQUIRE(r.outcome == HttpOutcome::MaybeReceived);
    REQUIRE(r.failure == HttpFailure::ResponseTooLarge);
    REQUIRE_THROWS_AS(net::HttpClient({.base_url = "ws://127.0.0.1:1"}), net::UrlError);
    REQUIRE_THROWS_AS(net::HttpClient({.base_url = "127.0.0.1:5000"}), net::UrlError);
}
