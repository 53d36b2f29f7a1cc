// The feedback channel between sos-exec and sos-risk on a real Unix socket.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "event/encoder.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/feedback.hpp"

using namespace sos;
using namespace std::chrono_literals;
using pipeline::FeedbackReceiver;
using pipeline::FeedbackSender;

namespace {
std::string socket_path(const char* name) {
    return (std::filesystem::temp_directory_path() /
            (std::string("sos-fb-") + name + "-" + std::to_string(::getpid())))
        .string();
}
}  // namespace

TEST_CASE("SYNC lines carry their sequence number and nothing else is one") {
    const auto line = pipeline::sync_line(42, time::Timestamp::from_seconds(1704685500));
    REQUIRE(line == "{\"type\":\"SYNC\",\"timestamp\":1704685500,\"src\":\"sos-risk\",\"seq\":42}\n");
    REQUIRE(pipeline::sync_seq(line) == 42u);
    REQUIRE_FALSE(pipeline::sync_seq(R"({"type":"FILL","seq":3})"));
    REQUIRE_FALSE(pipeline::sync_seq(R"({"type":"SYNC","seq":"x"})"));
    // The kind decides, not the text: a line that only mentions a SYNC is none.
    REQUIRE_FALSE(pipeline::sync_seq(R"({"note":{"type":"SYNC"},"type":"MY_THING","seq":5})"));
}

TEST_CASE("a decoded SYNC gives its number, any other event none") {
    const auto sync = pipeline::sync_event(3, std::nullopt, "sos-exec");
    REQUIRE(sync.env.kind == event::Kind::Sync);
    REQUIRE(pipeline::sync_seq(sync) == 3u);
    REQUIRE(event::encode(sync) == "{\"type\":\"SYNC\",\"src\":\"sos-exec\",\"seq\":3}\n");
    event::Event fill;
    fill.env.kind = event::Kind::Fill;
    fill.env.seq = 3;
    REQUIRE_FALSE(pipeline::sync_seq(fill));
}

TEST_CASE("the receiver gets exactly the lines sent before each acknowledgement") {
    const auto path = socket_path("ack");
    FeedbackReceiver rx(path);
    std::thread exec([&] {
        FeedbackSender tx(path);
        tx.send("{\"type\":\"FILL\",\"n\":1}\n");
        tx.send("{\"type\":\"EXIT\",\"n\":2}\n");
        tx.acknowledge(1);
        tx.send("{\"type\":\"FILL\",\"n\":3}\n");
        tx.acknowledge(2);
    });
    std::vector<std::string> got;
    auto keep = [&](std::string_view l) { got.emplace_back(l); };
    REQUIRE(rx.wait_for(1, 5s, 5s, keep) == FeedbackReceiver::Wait::Acked);
    REQUIRE(got == std::vector<std::string>{R"({"type":"FILL","n":1})", R"({"type":"EXIT","n":2})"});
    got.clear();
    REQUIRE(rx.wait_for(2, 5s, 5s, keep) == FeedbackReceiver::Wait::Acked);
    REQUIRE(got == std::vector<std::string>{R"({"type":"FILL","n":3})"});
    exec.join();
    REQUIRE(rx.wait_for(3, 5s, 200ms, keep) == FeedbackReceiver::Wait::Closed);
    REQUIRE_FALSE(std::filesystem::exists(path));  // the socket file is gone once connected
}

TEST_CASE("a sender never blocks on a receiver that is busy, and nothing is lost") {
    const auto path = socket_path("busy");
    FeedbackReceiver rx(path);
    FeedbackSender tx(path);
    // Far more than the socket buffers hold, while the receiver reads nothing.
    const std::string line(1000, 'x');
    for (int i = 0; i < 10000; ++i)
        tx.send("{\"type\":\"POSITION\",\"pad\":\"" + line + "\"}\n");
    std::size_t n = 0;
    std::thread acker([&] { tx.acknowledge(7); });
    REQUIRE(rx.wait_for(7, 5s, 10s, [&](std::string_view) { ++n; }) == FeedbackReceiver::Wait::Acked);
    acker.join();
    REQUIRE(n == 10000);
}

TEST_CASE("no sender, or a sender that does not answer, ends the wait with a reason") {
    const auto path = socket_path("none");
    FeedbackReceiver rx(path);
    auto ignore = [](std::string_view) {};
    REQUIRE(rx.wait_for(1, 100ms, 100ms, ignore) == FeedbackReceiver::Wait::NoSender);
    FeedbackSender tx(path);
    REQUIRE(rx.wait_for(1, 1s, 100ms, ignore) == FeedbackReceiver::Wait::TimedOut);
    tx.acknowledge(1);
    tx.acknowledge(2);
    // A late answer to an earlier SYNC is skipped, not mistaken for the current one.
    REQUIRE(rx.wait_for(2, 1s, 1s, ignore) == FeedbackReceiver::Wait::Acked);
}

TEST_CASE("a sender without a receiver is refused with the path named") {
    const auto path = socket_path("absent");
    try {
        FeedbackSender tx(path, 300ms);
        FAIL("connected to nothing");
    } catch (const ndjson::EndpointError& e) {
        REQUIRE(std::string(e.what()).find(path) != std::string::npos);
    }
}
