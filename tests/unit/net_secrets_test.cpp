// A known dummy API key through every path of both clients, the error paths included: it
// must appear in no output (standard output and error, where libcurl's and libwebsockets' own
// logging would go), no error message, no close reason, no exception.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "net/http_client.hpp"
#include "net/ws_client.hpp"
#include "net_test_util.hpp"
#include "sim_process.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kKey = "DUMMY-KEY-5c1e7a93f0b24d68";

// Standard output and error sent to a file for as long as it lives.
class CapturedOutput {
public:
    CapturedOutput() {
        char name[] = "/tmp/sos-net-secrets-XXXXXX";
        fd_ = ::mkstemp(name);
        path_ = name;
        std::fflush(stdout);
        std::fflush(stderr);
        saved_out_ = ::dup(1);
        saved_err_ = ::dup(2);
        ::dup2(fd_, 1);
        ::dup2(fd_, 2);
    }
    std::string finish() {
        std::fflush(stdout);
        std::fflush(stderr);
        ::dup2(saved_out_, 1);
        ::dup2(saved_err_, 2);
        ::close(saved_out_);
        ::close(saved_err_);
        ::close(fd_);
        std::ifstream in(path_);
        std::stringstream ss;
        ss << in.rdbuf();
        ::unlink(path_.c_str());
        return ss.str();
    }

private:
    int fd_ = -1, saved_out_ = -1, saved_err_ = -1;
    std::string path_;
};

std::string body_with_key(std::string_view extra = "") {
    return R"({"apikey":")" + std::string(kKey) + R"(","symbol":"NIFTY","exchange":"NSE_INDEX")" +
           std::string(extra) + "}";
}

net::HttpResult run(net::HttpClient& client, net::HttpRequest req) {
    REQUIRE(client.submit(std::move(req)));
    std::optional<net::HttpResult> got;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!got && std::chrono::steady_clock::now() < deadline) {
        wait_readable(client.ready_fd(), 200ms);
        client.drain([&](net::HttpResult&& r) { got = std::move(r); }, 1);
    }
    REQUIRE(got);
    return std::move(*got);
}

std::string exception_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no exception)";
}

}  // namespace

TEST_CASE("the dummy API key appears in no output, message or exception of either client, on any path") {
    SimProcess sim(quick_sim_args({"--api-key", std::string(kKey), "--symbols", "NSE_INDEX:NIFTY,NSE:SBIN"}));
    std::vector<std::string> texts;  // every message the clients produced
    // Expectations are checked once output is back on the terminal (a failure must be seen).
    std::vector<std::pair<std::string, bool>> expected;
    auto expect = [&](const char* what, bool ok) { expected.emplace_back(what, ok); };
    auto http_paths = [&] {
        net::HttpClient client({.base_url = sim.rest(), .max_response_bytes = 1 << 20});
        auto result = [&](net::HttpClient& c, net::HttpRequest r) {
            auto res = run(c, std::move(r));
            texts.push_back(res.error);
            return res;
        };
        const std::string query = "apikey=" + std::string(kKey);
        expect("answered", result(client, {.path = "/api/v1/quotes", .body = body_with_key()}).status == 200);
        expect(
            "400",
            result(client, {.path = "/api/v1/quotes", .body = body_with_key(R"(,"bad":1)")}).status == 400);
        expect("GET 405",
               result(client, {.method = net::HttpMethod::Get, .path = "/api/v1/quotes", .query = query})
                       .status == 405);
        sim.fault(R"({"fault":"slow","target":"rest","delay_ms":1500,"count":1})");
        expect(
            "timeout",
            result(client, {.path = "/api/v1/quotes", .body = body_with_key(), .timeout = 300ms}).failure ==
                net::HttpFailure::Timeout);
        sim.fault(R"({"fault":"withhold","count":1})");
        expect("resend blocked",
               result(client, {.path = "/api/v1/quotes", .body = body_with_key()}).outcome ==
                   net::HttpOutcome::MaybeReceived);
        WsTestServer silent;  // accepts connections (the kernel does) and never answers
        net::HttpClient mute({.base_url = "http://127.0.0.1:" + std::to_string(silent.port())});
        expect("GET unanswered", result(mute, {.method = net::HttpMethod::Get,
                                               .path = "/api/v1/quotes",
                                               .query = query,
                                               .timeout = 300ms})
                                         .failure == net::HttpFailure::Timeout);
        net::HttpClient tiny({.base_url = sim.rest(), .max_response_bytes = 10});
        expect("too large", result(tiny, {.path = "/api/v1/quotes", .body = body_with_key()}).failure ==
                                net::HttpFailure::ResponseTooLarge);
        net::HttpClient refused({.base_url = "http://127.0.0.1:" + std::to_string(refused_port())});
        expect("refused POST",
               result(refused, {.path = "/api/v1/placeorder", .body = body_with_key()}).outcome ==
                   net::HttpOutcome::NotSent);
        expect("refused GET",
               result(refused,
                      {.method = net::HttpMethod::Get, .path = "/api/v1/ticker/NSE:SBIN", .query = query})
                       .outcome == net::HttpOutcome::NotSent);
    };
    auto ws_paths = [&] {
        net::WsService service;
        const std::string auth = R"({"action":"authenticate","api_key":")" + std::string(kKey) + R"("})";
        net::WsConnection conn(service, {.url = sim.ws()});
        std::vector<OwnedWsEvent> ev;
        REQUIRE(conn.open());
        REQUIRE(collect_until(conn, ev, has_kind(net::WsEventKind::Opened)));
        conn.send(auth);
        sim.fault(R"({"fault":"auth_fail","target":"ws","count":1})");
        conn.send(auth);
        sim.fault(R"({"fault":"close","code":4401,"reason":"auth timeout"})");
        REQUIRE(collect_until(conn, ev, has_kind(net::WsEventKind::Closed)));
        net::WsConnection refused(service, {.url = "ws://127.0.0.1:" + std::to_string(refused_port()) + "/"});
        REQUIRE(refused.open());
        REQUIRE(collect_until(refused, ev, [](auto& v) {
            return std::count_if(v.begin(), v.end(),
                                 [](auto& e) { return e.kind == net::WsEventKind::Closed; }) == 2;
        }));
        for (const auto& e : ev)
            if (e.kind == net::WsEventKind::Closed) texts.push_back(e.data);
    };
    CapturedOutput output;
    http_paths();
    ws_paths();
    // Keys where a URL would carry them: refused, and not repeated.
    const std::string key(kKey);
    for (const auto& url :
         std::vector<std::string>{"http://127.0.0.1:1/api?apikey=" + key, "http://u:" + key + "@127.0.0.1:1/",
                                  "htp://x/?k=" + key}) {
        texts.push_back(exception_text([&] { net::HttpClient c({.base_url = url}); }));
        net::WsService service;
        texts.push_back(exception_text([&] { net::WsConnection c(service, {.url = url}); }));
    }
    const std::string out = output.finish();
    for (const auto& [what, ok] : expected) {
        INFO(what);
        CHECK(ok);
    }
    INFO(out);
    REQUIRE(out.find(kKey) == std::string::npos);
    REQUIRE(texts.size() > 15);
    for (const auto& t : texts) {
        INFO(t);
        REQUIRE(t.find(kKey) == std::string::npos);
    }
    // The requests did carry it: the server saw the right key (it logs only that it was valid).
    REQUIRE_THAT(sim.call("GET", "/_sim/requests?kind=rest&name=quotes").body,
                 Catch::Contains("\"apikey_valid\": true"));
}
