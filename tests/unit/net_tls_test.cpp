// wss:// and https:// through both clients against a local TLS server with a certificate
// made for the test: trusted through a CA file, refused without it (before anything is sent),
// accepted with the insecure switch tests use.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/http_client.hpp"
#include "net/ws_client.hpp"
#include "net_test_util.hpp"

using namespace sos;
using namespace sos::testing;
using namespace std::chrono_literals;

namespace {

// A self-signed certificate for IP 127.0.0.1 and the echo server that uses it.
class TlsEchoServer {
public:
    TlsEchoServer() {
        char tmpl[] = "/tmp/sos-tls-XXXXXX";
        REQUIRE(::mkdtemp(tmpl));
        dir_ = tmpl;
        cert_ = dir_ + "/cert.pem";
        const std::string key = dir_ + "/key.pem", ready = dir_ + "/ready.json";
        const std::string gen =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
            "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
            key + " -out " + cert_ + " >/dev/null 2>&1";
        REQUIRE(std::system(gen.c_str()) == 0);
        std::vector<std::string> argv = {"/usr/bin/python3",
                                         SOS_SOURCE_DIR "/tests/support/tls_echo_server.py",
                                         "--cert",
                                         cert_,
                                         "--key",
                                         key,
                                         "--ready-file",
                                         ready};
        std::vector<char*> cargv;
        for (auto& a : argv)
            cargv.push_back(a.data());
        cargv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, (dir_ + "/log").c_str(), O_WRONLY | O_CREAT, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        REQUIRE(::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (!std::filesystem::exists(ready)) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(20ms);
        }
        std::ifstream in(ready);
        std::stringstream ss;
        ss << in.rdbuf();
        const auto text = ss.str();
        port_ = std::atoi(text.c_str() + text.find(':') + 1);
    }
    ~TlsEchoServer() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        std::filesystem::remove_all(dir_);
    }
    std::string https() const { return "https://127.0.0.1:" + std::to_string(port_); }
    std::string wss() const { return "wss://127.0.0.1:" + std::to_string(port_) + "/ws"; }
    const std::string& cert() const { return cert_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string dir_, cert_;
};

std::vector<OwnedWsEvent> echo_over(net::WsService& service, const std::string& url, bool insecure) {
    net::WsConnection conn(service, {.url = url, .tls_insecure = insecure});
    std::vector<OwnedWsEvent> ev;
    REQUIRE(conn.open());
    REQUIRE(collect_until(conn, ev,
                          [](auto& v) { return has_kind(net::WsEventKind::Opened)(v) || closed_of(v); }));
    if (closed_of(ev)) return ev;
    REQUIRE(conn.send("over TLS") == net::SendResult::Queued);
    REQUIRE(collect_until(conn, ev, [](auto& v) { return !messages_of(v).empty(); }));
    return ev;
}

net::HttpResult post(net::HttpClient& client) {
    REQUIRE(client.submit({.path = "/echo", .body = R"({"over":"TLS"})"}));
    std::optional<net::HttpResult> got;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!got && std::chrono::steady_clock::now() < deadline) {
        wait_readable(client.ready_fd(), 200ms);
        client.drain([&](net::HttpResult&& r) { got = std::move(r); });
    }
    REQUIRE(got);
    return std::move(*got);
}

}  // namespace

TEST_CASE(
    "wss:// and https:// with a trusted certificate, refused without trust, accepted when told to be "
    "insecure") {
    TlsEchoServer server;
    {
        net::WsService trusting({.ca_file = server.cert()});
        auto ev = echo_over(trusting, server.wss(), false);
        REQUIRE(messages_of(ev) == std::vector<std::string>{"over TLS"});
    }
    {
        net::WsService system_roots;
        auto ev = echo_over(system_roots, server.wss(), false);
        REQUIRE(closed_of(ev));
        REQUIRE(closed_of(ev)->cause == net::WsCloseCause::ConnectFailed);
        ev = echo_over(system_roots, server.wss(), true);
        REQUIRE(messages_of(ev) == std::vector<std::string>{"over TLS"});
    }
    net::HttpClient trusting({.base_url = server.https(), .ca_file = server.cert()});
    auto r = post(trusting);
    REQUIRE(r.status == 200);
    REQUIRE(r.body == R"({"over":"TLS"})");
    net::HttpClient untrusting({.base_url = server.https()});
    r = post(untrusting);
    REQUIRE(r.outcome == net::HttpOutcome::NotSent);  // refused in the handshake: nothing sent
    REQUIRE(r.failure == net::HttpFailure::TlsFailed);
    net::HttpClient insecure({.base_url = server.https(), .tls_insecure = true});
    REQUIRE(post(insecure).status == 200);
}
