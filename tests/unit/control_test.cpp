// lib/control: where sockets go and whom they trust, what a request becomes, the answers, and
// one round trip through a real socket into a filter that records what it was given.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "control/answer.hpp"
#include "control/client.hpp"
#include "control/command.hpp"
#include "control/handler.hpp"
#include "control/line_io.hpp"
#include "control/server.hpp"
#include "control/socket_path.hpp"
#include "event/decoder.hpp"
#include "pipeline/decider.hpp"
#include "pipeline/injector.hpp"
#include "pipeline/output_ring.hpp"
#include "temp_dir.hpp"

using namespace sos;
using sos::test::TempDir;

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// A filter that keeps what it was given and answers as told.
struct Recording : pipeline::Filter {
    std::vector<std::string> lines;
    std::vector<bool> injected;
    pipeline::Admission answer{true, {}, "taken", "\"seen\":1"};
    void on_line(const pipeline::InputLine& l, const event::EventList&, ndjson::Output& out) override {
        lines.emplace_back(l.text);
        injected.push_back(l.injected);
        out.pass(l.type, l.text);
    }
    pipeline::Admission admit(const pipeline::InputLine& l, const event::EventList& e,
                              ndjson::Output& out) override {
        on_line(l, e, out);
        return answer;
    }
    void health(pipeline::HealthState& s) const override { s.add_bool("paused", false); }
};

// A decider with no stage around it: what an injected line becomes, on this thread.
struct Harness {
    ndjson::StringSink sink;
    ndjson::Output out{sink};
    diag::BadInput bad{false};
    Recording filter;
    pipeline::Decider decider{filter, out, bad, "test"};
    pipeline::Injector injector;
    Harness() { injector.attach(decider); }
};

control::Command pause_nifty() {
    control::Command c;
    c.verb = vocab::ControlVerb::Pause;
    c.scope = "NIFTY";
    return c;
}

}  // namespace

TEST_CASE("control: requests read back as they were written") {
    control::Command c;
    c.verb = vocab::ControlVerb::Signal;
    c.signal.symbol = "RELIANCE";
    c.signal.side = vocab::Side::Sell;
    c.signal.qty = 50;
    c.signal.stop = 2510.5;
    c.signal.target = 2400;
    const auto back = control::parse_request(control::request_text(c));
    REQUIRE(back.verb == vocab::ControlVerb::Signal);
    REQUIRE(back.signal.symbol == "RELIANCE");
    REQUIRE(back.signal.side == vocab::Side::Sell);
    REQUIRE(back.signal.qty == 50);
    REQUIRE(back.signal.stop == 2510.5);
    REQUIRE(back.signal.target == 2400);
    REQUIRE(back.signal.strategy == "manual");
    REQUIRE(control::parse_request(R"({"command":"pause","scope":"all"})").scope.empty());
}

TEST_CASE("control: a bad request is named, never guessed") {
    auto refused = [](const char* text) {
        try {
            control::parse_request(text);
        } catch (const control::CommandError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    REQUIRE(refused("pause") == "not a JSON object");
    REQUIRE(refused(R"({"command":"flatten"})") == "unknown command 'flatten'");
    REQUIRE(refused(R"({"command":"signal","side":"BUY"})") == "signal: a symbol is required");
    REQUIRE(refused(R"({"command":"signal","symbol":"A","side":"HOLD"})") ==
            "signal: side must be BUY or SELL");
    REQUIRE(refused(R"({"command":"signal","symbol":"A","side":"BUY","qty":0})") ==
            "qty: must be a whole number above 0");
    REQUIRE(refused(R"({"command":"signal","symbol":"A","side":"BUY","qty":1.5})") ==
            "qty: must be a whole number above 0");
    REQUIRE(refused(R"({"command":"signal","symbol":"A","side":"BUY","sl":-1})") == "sl: must be above 0");
    REQUIRE(refused(R"({"command":"pause","scope":3})") == "scope: not a string");
}

TEST_CASE("control: a command becomes a line with who asked and when") {
    const event::Asker who{"alice", 1000, time::Timestamp{1'704'685'500'250'000'000}};
    event::Decoder d;
    event::EventList ev;
    REQUIRE(d.decode(control::stream_line(pause_nifty(), who, *who.at), ev));
    REQUIRE(ev[0].env.kind == event::Kind::Control);
    const auto& c = *ev[0].as<event::Control>();
    REQUIRE(c.command == "pause");
    REQUIRE(c.scope == "NIFTY");
    REQUIRE(c.asked.name == "alice");
    REQUIRE(c.asked.uid == 1000);
    REQUIRE(c.asked.at == who.at);
    REQUIRE(ev[0].env.timestamp == who.at);  // an executor flattens at the operator's time

    control::Command s;
    s.verb = vocab::ControlVerb::Signal;
    s.signal.symbol = "NIFTY";
    s.signal.qty = 75;
    s.signal.entry = 22000;
    s.signal.stop = 21950;
    REQUIRE(d.decode(control::stream_line(s, who, *who.at), ev));
    REQUIRE(ev[0].env.kind == event::Kind::Signal);
    const auto& g = *ev[0].as<event::Signal>();
    REQUIRE(g.id == "manual:alice:1704685500250");
    REQUIRE(g.qty == 75);
    REQUIRE(g.f.pattern_id == "manual");
    REQUIRE(g.f.risk == 50);
    REQUIRE(g.asked.name == "alice");
    REQUIRE(ev[0].env.src == "sos-ctl");
}

TEST_CASE("control: answers read back, with the tool's own members") {
    control::Answer a{false, "signal", "PAUSED", "entries for NIFTY are paused", "\"orders\":[]", {}};
    const std::string text = control::answer_text(a);
    REQUIRE(text.find("\"orders\":[]") != std::string::npos);
    const auto back = control::parse_answer(text);
    REQUIRE_FALSE(back.ok);
    REQUIRE(back.command == "signal");
    REQUIRE(back.reason == "PAUSED");
    REQUIRE(back.detail == "entries for NIFTY are paused");
    REQUIRE_THROWS(control::parse_answer("{\"fine\":true}"));
}

TEST_CASE("control: the handler decides the line on the filter and says what it did") {
    Harness h;
    const control::Peer peer{::geteuid(), ::getpid()};
    auto a = control::handle_request(control::request_text(pause_nifty()), peer, "sos-risk", h.injector,
                                     time::Timestamp{1'000'000'000});
    REQUIRE(a.ok);
    REQUIRE(a.command == "pause");
    REQUIRE(a.detail == "taken");
    REQUIRE(h.filter.lines.size() == 1);
    REQUIRE(h.filter.injected[0]);
    REQUIRE(h.filter.lines[0].find("\"asked_by\":\"" + control::user_name(::geteuid()) + "\"") !=
            std::string::npos);
    REQUIRE(h.sink.text == h.filter.lines[0] + "\n");  // passed on, flushed at once

    h.filter.answer = {false, "PAUSED", "no", {}};
    a = control::handle_request(R"({"command":"resume"})", peer, "sos-risk", h.injector,
                                time::Timestamp{2'000'000'000});
    REQUIRE_FALSE(a.ok);
    REQUIRE(a.reason == "PAUSED");

    a = control::handle_request(R"({"command":"status"})", peer, "sos-risk", h.injector, time::Timestamp{});
    REQUIRE(a.ok);
    REQUIRE(a.fields.find("\"state\":{\"paused\":false}") != std::string::npos);
    REQUIRE(h.filter.lines.size() == 2);  // a question writes nothing

    a = control::handle_request("nonsense", peer, "sos-risk", h.injector, time::Timestamp{});
    REQUIRE(a.reason == "USAGE");
    h.injector.detach();
    a = control::handle_request(R"({"command":"kill"})", peer, "sos-risk", h.injector, time::Timestamp{});
    REQUIRE(a.reason == "NOT_RUNNING");
}

TEST_CASE("control: an injected line that is not an event is refused, not passed on") {
    Harness h;
    const auto a = h.injector.inject(R"({"type":"CANDLE","symbol":"A"})");
    REQUIRE_FALSE(a.ok);
    REQUIRE(a.reason == "BAD_LINE");
    REQUIRE(h.filter.lines.empty());
}

TEST_CASE("control: the socket is owner-only in an owner-only directory, and goes with the server") {
    TempDir dir;
    Harness h;
    const std::string path = dir.file("t.sock");
    {
        control::Server server(path, false, "sos-risk", h.injector);
        REQUIRE(mode_of(path) == 0600);
        REQUIRE(control::distrust(path).empty());
        const auto a = control::send(path, pause_nifty());
        REQUIRE(a.ok);
        REQUIRE(h.filter.lines.size() == 1);
        // A second server on a socket someone answers is refused.
        REQUIRE_THROWS_AS(control::Server(path, false, "sos-risk", h.injector), control::SocketError);
    }
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) != 0);  // removed
    REQUIRE_THROWS_AS(control::send(path, pause_nifty()), control::SocketError);
}

TEST_CASE("control: a directory open to others is refused; the auto one is made owner-only") {
    TempDir dir;
    Harness h;
    const std::string open_dir = dir.file("open");
    REQUIRE(::mkdir(open_dir.c_str(), 0755) == 0);
    try {
        control::Server s(open_dir + "/t.sock", false, "sos-risk", h.injector);
        FAIL("a socket in a 0755 directory was made");
    } catch (const control::SocketError& e) {
        REQUIRE(e.kind == control::SocketError::Kind::Unsafe);
        REQUIRE(std::string(e.what()).find("open to others (mode 0755)") != std::string::npos);
    }
    const char* old = std::getenv("XDG_RUNTIME_DIR");
    const std::string saved = old ? old : "";
    ::setenv("XDG_RUNTIME_DIR", dir.path.c_str(), 1);
    REQUIRE(control::auto_dir() == dir.file("sos"));
    REQUIRE(control::auto_path("sos-risk", 42) == dir.file("sos") + "/sos-risk.42.sock");
    {
        control::Server s(control::auto_path("sos-risk", ::getpid()), true, "sos-risk", h.injector);
        REQUIRE(mode_of(dir.file("sos")) == 0700);
        REQUIRE(control::find_sockets("sos-risk") == std::vector<std::string>{s.path()});
        REQUIRE(control::find_sockets("sos-exec").empty());
    }
    if (old)
        ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
    else
        ::unsetenv("XDG_RUNTIME_DIR");
}

TEST_CASE("control: the client trusts no socket others may reach, nor a stale one") {
    TempDir dir;
    Harness h;
    const std::string path = dir.file("t.sock");
    control::Server server(path, false, "sos-risk", h.injector);
    REQUIRE(::chmod(path.c_str(), 0666) == 0);
    REQUIRE(control::distrust(path).find("open to others (mode 0666)") != std::string::npos);
    try {
        control::send(path, pause_nifty());
        FAIL("sent to a 0666 socket");
    } catch (const control::SocketError& e) {
        REQUIRE(e.kind == control::SocketError::Kind::Unsafe);
    }
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    REQUIRE(::chmod(dir.path.c_str(), 0711) == 0);
    REQUIRE(control::distrust(path).find("its directory") != std::string::npos);
    REQUIRE(::chmod(dir.path.c_str(), 0700) == 0);
    REQUIRE(h.filter.lines.empty());
    REQUIRE_THROWS_AS(control::distrust(dir.file("none.sock")), control::SocketError);
}

TEST_CASE("control: another user is refused with a clear line") {
    if (::geteuid() != 0) {
        WARN("not root: cannot connect as another user here; skipped");
        return;
    }
    TempDir dir;
    Harness h;
    const std::string path = dir.file("t.sock");
    control::Server server(path, false, "sos-risk", h.injector);
    // The child becomes nobody and connects (the directory opened to it for the test: the peer
    // check is what must refuse it, not the permissions).
    REQUIRE(::chmod(dir.path.c_str(), 0711) == 0);
    REQUIRE(::chmod(path.c_str(), 0666) == 0);
    int p[2];
    REQUIRE(::pipe(p) == 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(p[0]);
        std::string said = "no connection";
        if (::setuid(65534) == 0) {
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            const sockaddr_un addr = control::unix_address(path);
            if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
                try {
                    control::write_line(fd, R"({"command":"kill"})",
                                        std::chrono::steady_clock::now() + std::chrono::seconds(5));
                } catch (...) {
                }
                try {
                    said = control::read_line(fd, std::chrono::steady_clock::now() + std::chrono::seconds(5));
                } catch (const std::exception& e) {
                    said = e.what();
                }
            }
        }
        [[maybe_unused]] auto w = ::write(p[1], said.data(), said.size());
        ::_exit(0);
    }
    ::close(p[1]);
    std::string said;
    char buf[512];
    ssize_t n;
    while ((n = ::read(p[0], buf, sizeof buf)) > 0)
        said.append(buf, static_cast<std::size_t>(n));
    ::close(p[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::chmod(dir.path.c_str(), 0700);
    const auto a = control::parse_answer(said);
    REQUIRE_FALSE(a.ok);
    REQUIRE(a.reason == "PEER");
    REQUIRE(a.detail == "refused: uid 65534 is not the owner (uid 0) of this tool");
    REQUIRE(h.filter.lines.empty());  // nothing reached the stream
}
