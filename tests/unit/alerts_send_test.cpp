// sos-alert's senders on their own threads: offering never waits on a way out, a full queue
// drops its oldest, failures are retried with back-off (or the other side's retry_after),
// refused ones are not, a notice is given up in time, and the end waits only --drain. Then the
// ways out themselves: a command (its line on stdin, 75 tried again, killed at the timeout,
// no Telegram secret in its environment), and Telegram and a webhook against a scripted HTTP
// server on 127.0.0.1 (refused, stalled), with a dummy token found in no message. Last, the
// stage: every line passes unchanged and HEALTH counts what happened.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "alerts/alert_filter.hpp"
#include "alerts/command_hook.hpp"
#include "alerts/telegram.hpp"
#include "alerts/webhook.hpp"
#include "diag/bad_input.hpp"
#include "diag/log.hpp"
#include "net/ready_signal.hpp"
#include "pipeline/line_processor.hpp"
#include "ws_test_server.hpp"

#include "temp_dir.hpp"

using namespace sos;
using namespace sos::alerts;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kToken = "123456789:DUMMYtokenAAE-_x9f00dfeed";
constexpr const char* kChat = "-1009876543210";

Notice notice(std::string what) {
    Notice n;
    n.line = R"({"type":"ALERT","code":")" + what + "\"}";
    n.text = what;
    n.what = what;
    return n;
}

// A way out that does what the test scripts: each attempt takes the next verdict (the last one
// repeats), optionally waiting at a gate first; it records what it was given.
class FakeTransport : public Transport {
public:
    struct Shared {
        std::mutex mu;
        std::condition_variable cv;
        std::vector<Delivery> script{Delivery{}};
        std::size_t next = 0;
        bool gate_closed = false;
        std::vector<std::string> tried, delivered;
        std::vector<Clock::time_point> times;

        void open_gate() {
            {
                std::lock_guard lock(mu);
                gate_closed = false;
            }
            cv.notify_all();
        }
        std::vector<std::string> delivered_now() {
            std::lock_guard lock(mu);
            return delivered;
        }
    };
    explicit FakeTransport(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
    std::string_view name() const override { return "fake"; }
    Delivery deliver(const Notice& n, int stop_fd) override {
        std::unique_lock lock(s_->mu);
        while (s_->gate_closed) {
            s_->cv.wait_for(lock, 5ms);
            pollfd p{stop_fd, POLLIN, 0};
            if (::poll(&p, 1, 0) > 0) return {Verdict::Stopped, std::nullopt, "stopped"};
        }
        s_->tried.push_back(n.what);
        s_->times.push_back(Clock::now());
        const Delivery d = s_->script[std::min(s_->next++, s_->script.size() - 1)];
        if (d.verdict == Verdict::Delivered) s_->delivered.push_back(n.what);
        return d;
    }

private:
    std::shared_ptr<Shared> s_;
};

SenderOptions quick(std::size_t capacity = 16) {
    return {.capacity = capacity,
            .give_up_after = 10s,
            .backoff = {.initial_s = 0.01, .max_s = 0.05, .jitter = 0, .healthy_after_s = 0}};
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

Delivery retry(std::optional<double> after = std::nullopt) {
    return {Verdict::Retry, after, "fake: down"};
}

}  // namespace

TEST_CASE("offering never waits on a way out that is stuck, and a full queue drops its oldest") {
    diag::CaptureForTest capture;
    auto s = std::make_shared<FakeTransport::Shared>();
    s->gate_closed = true;
    Sender sender(std::make_unique<FakeTransport>(s), quick(3));
    sender.offer(notice("n1"));
    REQUIRE(eventually([&] { return sender.stats().queued == 0; }));  // n1 is in hand, at the gate
    const auto t0 = Clock::now();
    for (int i = 2; i <= 6; ++i)
        sender.offer(notice("n" + std::to_string(i)));
    CHECK(Clock::now() - t0 < 200ms);  // five pushes: no waiting on the stuck transport
    CHECK(sender.stats().queued == 3);
    CHECK(sender.stats().dropped == 2);
    s->open_gate();
    REQUIRE(eventually([&] { return s->delivered_now().size() == 4; }));
    CHECK(s->delivered_now() == std::vector<std::string>{"n1", "n4", "n5", "n6"});
    CHECK(sender.finish(Clock::now() + 1s) == 0);  // before reading what its thread said
    const auto st = sender.stats();
    CHECK(st.sent == 4);
    CHECK(st.state == SinkState::Up);
    CHECK_THAT(capture.text(), Contains("fake: 3 notices wait already: dropping the oldest"));
}

TEST_CASE("a failed attempt is tried again with back-off, or after the other side's retry_after") {
    diag::CaptureForTest capture;
    auto s = std::make_shared<FakeTransport::Shared>();
    s->script = {retry(), retry(0.3), Delivery{}};
    Sender sender(std::make_unique<FakeTransport>(s), quick());
    sender.offer(notice("a"));
    REQUIRE(eventually([&] { return sender.stats().sent == 1; }));
    CHECK(s->tried == std::vector<std::string>{"a", "a", "a"});
    CHECK(s->times[2] - s->times[1] >= 300ms);  // Telegram's own wait, not the 10 ms back-off
    const auto st = sender.stats();
    CHECK(st.retries == 2);
    CHECK(st.failed == 0);
    CHECK(st.state == SinkState::Up);
    CHECK(st.problem.empty());
    sender.finish(Clock::now());  // its thread joined: everything it said is in the capture
    // Said once for the run of failures, and once when it delivers again.
    CHECK_THAT(capture.text(), Contains(": fake: down (trying again with back-off; counted in HEALTH)\n") &&
                                   Contains(": fake: delivering again, after 2 failed attempts\n"));
    CHECK(std::count(capture.text().begin(), capture.text().end(), '\n') == 2);
}

TEST_CASE("a refused notice is not tried again; the next one is") {
    diag::CaptureForTest capture;
    auto s = std::make_shared<FakeTransport::Shared>();
    s->script = {{Verdict::Refused, std::nullopt, "fake: HTTP 401: Unauthorized"}, Delivery{}};
    Sender sender(std::make_unique<FakeTransport>(s), quick());
    sender.offer(notice("a"));
    REQUIRE(eventually([&] { return sender.stats().failed == 1; }));
    CHECK(sender.stats().state == SinkState::Refused);
    CHECK(sender.stats().problem == "fake: HTTP 401: Unauthorized");
    sender.offer(notice("b"));
    REQUIRE(eventually([&] { return sender.stats().sent == 1; }));
    CHECK(s->tried == std::vector<std::string>{"a", "b"});
    sender.finish(Clock::now());
    CHECK_THAT(capture.text(),
               Contains("fake: HTTP 401: Unauthorized (not sent again; counted in HEALTH as failed)"));
}

TEST_CASE("a notice that keeps failing is given up after give_up_after") {
    diag::CaptureForTest capture;
    auto s = std::make_shared<FakeTransport::Shared>();
    s->script = {retry()};
    auto o = quick();
    o.give_up_after = 100ms;
    Sender sender(std::make_unique<FakeTransport>(s), o);
    const auto t0 = Clock::now();
    sender.offer(notice("a"));
    REQUIRE(eventually([&] { return sender.stats().failed == 1; }));
    CHECK(Clock::now() - t0 >= 50ms);  // tried with back-off for about 100 ms first
    CHECK(sender.stats().state == SinkState::Retrying);
    CHECK(sender.stats().problem == "fake: down");
    sender.finish(Clock::now());
    CHECK_THAT(capture.text(),
               Contains("fake: a given up after trying for 0.1 s (counted in HEALTH as failed)"));
}

TEST_CASE("the end waits only its drain: what is in hand and queued is counted unsent") {
    diag::CaptureForTest capture;
    auto s = std::make_shared<FakeTransport::Shared>();
    s->script = {retry()};
    Sender sender(std::make_unique<FakeTransport>(s), quick());
    sender.offer(notice("b"));
    sender.offer(notice("c"));
    REQUIRE(eventually([&] { return sender.stats().retries >= 1; }));
    const auto t0 = Clock::now();
    CHECK(sender.finish(t0 + 50ms) == 2);  // b in hand (its wait cut short), c queued
    CHECK(Clock::now() - t0 < 1s);
    CHECK(sender.stats().unsent == 2);
    CHECK(sender.stats().failed == 0);
    sender.offer(notice("late"));  // after the end: counted, not sent
    CHECK(sender.stats().unsent == 3);
}

TEST_CASE("the end abandons an attempt under way at its deadline") {
    auto s = std::make_shared<FakeTransport::Shared>();
    s->gate_closed = true;  // a way out that never answers
    Sender sender(std::make_unique<FakeTransport>(s), quick());
    sender.offer(notice("a"));
    const auto t0 = Clock::now();
    CHECK(sender.finish(t0 + 100ms) == 1);
    CHECK(Clock::now() - t0 < 2s);
    CHECK(s->delivered_now().empty());
}

namespace {

using sos::test::TempDir;

Delivery run_command(const std::string& command, std::chrono::milliseconds timeout = 5s,
                     const Notice& n = notice("X")) {
    net::ReadySignal stop;
    CommandTransport t({.command = command, .timeout = timeout});
    return t.deliver(n, stop.fd());
}

}  // namespace

TEST_CASE("a command gets the notice's line on its standard input; 0 delivered, 75 again, else refused") {
    TempDir dir;
    const auto out = (dir.path / "got").string();
    CHECK(run_command("cat > " + out).verdict == Verdict::Delivered);
    CHECK(dir.read("got") == notice("X").line + "\n");
    const auto again = run_command("exit 75");
    CHECK(again.verdict == Verdict::Retry);
    CHECK(again.problem == "command: exit status 75 (try again later)");
    const auto refused = run_command("cat >/dev/null; exit 3");
    CHECK(refused.verdict == Verdict::Refused);
    CHECK(refused.problem == "command: exit status 3");
    CHECK(run_command("true").verdict == Verdict::Delivered);  // not reading its input is its business
    CHECK(run_command("kill -TERM $$").problem == "command: killed by signal 15");
}

// A command that closes its input unread leaves the write to a pipe with no reader: SIGPIPE,
// which ends a process that does not ignore it (this test's does not; the tools' do). The line
// is longer than a pipe holds, so some write always comes after the close (it failed 1 run in 30
// with a short line, every run with this one, before the transport blocked the signal itself).
TEST_CASE("a command that closes its input unread ends nothing but its own delivery") {
    REQUIRE(std::signal(SIGPIPE, SIG_DFL) != SIG_ERR);
    Notice big = notice("BIG");
    big.line = R"({"type":"ALERT","code":"BIG","message":")" + std::string(1 << 20, 'x') + "\"}";
    CHECK(run_command("exec 0<&-; sleep 0.2", 5s, big).verdict == Verdict::Delivered);
    CHECK(run_command("exec 0<&-; exit 3", 5s, big).problem == "command: exit status 3");
    sigset_t pending;
    sigpending(&pending);
    CHECK_FALSE(sigismember(&pending, SIGPIPE));  // none left waiting for this thread
}

TEST_CASE("a command still running at the timeout is killed with its children") {
    TempDir dir;
    const auto t0 = Clock::now();
    const auto d = run_command("sleep 30 & sleep 30; echo late > " + (dir.path / "late").string(), 200ms);
    CHECK(Clock::now() - t0 < 3s);
    CHECK(d.verdict == Verdict::Refused);
    CHECK(d.problem == "command: still running after 200 ms: killed");
    CHECK_FALSE(std::filesystem::exists(dir.path / "late"));
}

TEST_CASE("a command sees no Telegram secret in its environment, and a stop ends its wait") {
    TempDir dir;
    ::setenv("SOS_TELEGRAM_TOKEN", kToken, 1);
    ::setenv("SOS_TELEGRAM_CHAT_ID", kChat, 1);
    ::setenv("SOS_ALERT_TEST_VISIBLE", "yes", 1);
    CHECK(run_command("env > " + (dir.path / "env").string()).verdict == Verdict::Delivered);
    ::unsetenv("SOS_TELEGRAM_TOKEN");
    ::unsetenv("SOS_TELEGRAM_CHAT_ID");
    const auto env = dir.read("env");
    CHECK_THAT(env, Contains("SOS_ALERT_TEST_VISIBLE=yes"));
    CHECK_THAT(env, !Contains(kToken) && !Contains(kChat));

    net::ReadySignal stop;
    CommandTransport t({.command = "sleep 30", .timeout = 60s});
    std::thread stopper([&] {
        std::this_thread::sleep_for(100ms);
        stop.raise();
    });
    const auto t0 = Clock::now();
    CHECK(t.deliver(notice("X"), stop.fd()).verdict == Verdict::Stopped);
    CHECK(Clock::now() - t0 < 3s);
    stopper.join();
}

namespace {

// Reads one request (head and body by Content-Length) from an accepted connection.
std::string read_request(testing::WsPeer& peer) {
    std::string text;
    char buf[4096];
    for (;;) {
        const auto head_end = text.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            const auto cl = text.find("Content-Length: ");
            const std::size_t len = cl == std::string::npos ? 0 : std::stoul(text.substr(cl + 16));
            if (text.size() >= head_end + 4 + len) return text;
        }
        pollfd p{peer.fd(), POLLIN, 0};
        REQUIRE(::poll(&p, 1, 10000) > 0);
        const auto n = ::recv(peer.fd(), buf, sizeof buf, 0);
        REQUIRE(n > 0);
        text.append(buf, static_cast<std::size_t>(n));
    }
}

std::string http_answer(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) +
           " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

TelegramOptions telegram_at(int port, std::chrono::milliseconds timeout = 5s) {
    return {.url = "http://127.0.0.1:" + std::to_string(port),
            .token = brokers::Secret(kToken),
            .chat_id = brokers::Secret(kChat),
            .timeout = timeout};
}

}  // namespace

TEST_CASE("Telegram: sendMessage to /bot<token>/ with the chat in the body; a 429 names its wait") {
    testing::WsTestServer server;
    TelegramTransport t(telegram_at(server.port()));
    net::ReadySignal stop;
    std::string request;
    std::thread serve([&] {
        auto peer = server.accept(10s);
        REQUIRE(peer.valid());
        request = read_request(peer);
        peer.send_raw(http_answer(200, R"({"ok":true,"result":{"message_id":1}})"));
        const auto second = read_request(peer);  // the same kept-alive connection
        peer.send_raw(http_answer(
            429,
            R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}})"));
    });
    Notice n = notice("FEED_DOWN");
    n.text = "CRIT FEED_DOWN";
    CHECK(t.deliver(n, stop.fd()).verdict == Verdict::Delivered);
    const auto flood = t.deliver(n, stop.fd());
    serve.join();
    CHECK_THAT(request, Contains(std::string("POST /bot") + kToken + "/sendMessage HTTP/1.1"));
    CHECK_THAT(request, Contains(std::string(R"({"chat_id":")") + kChat +
                                 R"(","disable_web_page_preview":true,"text":"CRIT FEED_DOWN"})"));
    CHECK(flood.verdict == Verdict::Retry);
    CHECK(flood.retry_after_s == 3);
}

TEST_CASE("Telegram refused or stalled: tried again, and the token is in no message") {
    diag::CaptureForTest capture;
    std::vector<std::string> problems;
    {
        TelegramTransport t(telegram_at(testing::refused_port()));
        net::ReadySignal stop;
        const auto d = t.deliver(notice("X"), stop.fd());
        CHECK(d.verdict == Verdict::Retry);
        CHECK_THAT(d.problem, Contains("telegram: POST /bot***/sendMessage to http://127.0.0.1:"));
        problems.push_back(d.problem);
    }
    {
        testing::WsTestServer server;  // reads the request, never answers
        TelegramTransport t(telegram_at(server.port(), 300ms));
        net::ReadySignal stop;
        std::thread serve([&] {
            auto peer = server.accept(10s);
            if (peer.valid()) {
                read_request(peer);
                std::this_thread::sleep_for(1s);
            }
        });
        const auto t0 = Clock::now();
        const auto d = t.deliver(notice("X"), stop.fd());
        CHECK(Clock::now() - t0 < 3s);
        serve.join();
        CHECK(d.verdict == Verdict::Retry);
        CHECK_THAT(d.problem, Contains("no answer in time") || Contains("Timeout"));
        problems.push_back(d.problem);
    }
    {
        // A whole sender on a refused port, so its warnings are in the capture too.
        auto o = quick();
        o.give_up_after = 100ms;
        Sender sender(std::make_unique<TelegramTransport>(telegram_at(testing::refused_port())), o);
        sender.offer(notice("X"));
        REQUIRE(eventually([&] { return sender.stats().failed == 1; }));
        problems.push_back(sender.stats().problem);
        sender.finish(Clock::now());
    }
    problems.push_back(capture.text());
    for (const auto& p : problems) {
        CHECK_THAT(p, !Contains(kToken) && !Contains(kChat) && !Contains("DUMMY"));
    }
}

TEST_CASE("a webhook gets the line as a JSON body; its path is shown nowhere") {
    testing::WsTestServer server;
    WebhookTransport t(
        {.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/hooks/T0SECRET/B0SECRET"});
    net::ReadySignal stop;
    std::string request;
    std::thread serve([&] {
        auto peer = server.accept(10s);
        REQUIRE(peer.valid());
        request = read_request(peer);
        peer.send_raw(http_answer(503, "{}"));
    });
    const auto d = t.deliver(notice("FEED_STALE"), stop.fd());
    serve.join();
    CHECK_THAT(request, Contains("POST /hooks/T0SECRET/B0SECRET HTTP/1.1"));
    CHECK_THAT(request, Contains("Content-Type: application/json"));
    CHECK_THAT(request, Contains(notice("FEED_STALE").line));
    CHECK(d.verdict == Verdict::Retry);
    CHECK(d.problem == "webhook: HTTP 503");

    WebhookTransport down(
        {.url = "http://127.0.0.1:" + std::to_string(testing::refused_port()) + "/hooks/T0SECRET"});
    const auto dd = down.deliver(notice("X"), stop.fd());
    CHECK(dd.verdict == Verdict::Retry);
    CHECK_THAT(dd.problem, Contains("POST /*** to http://127.0.0.1:") && !Contains("SECRET"));
    try {
        WebhookTransport bad({.url = "http://127.0.0.1/x?key=SECRET"});
        FAIL("a URL with a query was taken");
    } catch (const net::UrlError& e) {
        CHECK_THAT(std::string(e.what()), !Contains("SECRET"));
    }
}

TEST_CASE("the stage passes every line unchanged and hands the chosen ones to every way out") {
    auto s1 = std::make_shared<FakeTransport::Shared>();
    auto s2 = std::make_shared<FakeTransport::Shared>();
    std::vector<std::unique_ptr<Sender>> senders;
    senders.push_back(std::make_unique<Sender>(std::make_unique<FakeTransport>(s1), quick()));
    senders.push_back(std::make_unique<Sender>(std::make_unique<FakeTransport>(s2), quick()));
    AlertFilter filter({.selection = {.cooldown_s = 60}, .drain = 2s}, std::move(senders));
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    const std::vector<std::string> lines = {
        R"({"type":"CANDLE","timestamp":1000,"symbol":"SBIN","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":5})",
        R"({"type":"ALERT","timestamp":1001,"level":"warn","code":"FEED_STALE","message":"quiet","tool":"sos-feed","source":"kotak"})",
        R"({"type":"ALERT","timestamp":1002,"level":"warn","code":"FEED_STALE","message":"still quiet","tool":"sos-feed"})",
        R"({"type":"FILL","timestamp":1003,"symbol":"SBIN","order_id":"o1","side":"BUY","qty":1,"price":2,"mode":"paper"})",
        R"({"type":"MYSTERY","timestamp":1004})"};
    std::uint64_t n = 0;
    for (const auto& l : lines)
        REQUIRE(proc.process(l, ++n, out));
    filter.on_end(out);
    std::string expected;
    for (const auto& l : lines)
        expected += l + "\n";
    CHECK(sink.text == expected);
    CHECK(s1->delivered_now() == std::vector<std::string>{"ALERT FEED_STALE", "FILL"});
    CHECK(s2->delivered_now() == s1->delivered_now());
    pipeline::HealthState h;
    filter.health(h);
    CHECK(
        h.fields ==
        R"("notices":2,"cooled":1,"sinks":[{"sink":"fake","state":"up","sent":2,"retries":0,"failed":0,"dropped":0,"unsent":0,"queued":0},{"sink":"fake","state":"up","sent":2,"retries":0,"failed":0,"dropped":0,"unsent":0,"queued":0}])");
}
