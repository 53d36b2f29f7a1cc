// The HEALTH reporter and the stage's wrapper around a filter: counts, lag, interval and the
// Auto rule, on an injected wall clock.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "diag/bad_input.hpp"
#include "pipeline/health_stage.hpp"
#include "pipeline/line_processor.hpp"

using namespace sos;
using pipeline::HealthOptions;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;
// 2026-12-07 04:00:00 UTC: a session's morning.
constexpr std::int64_t kNow = 1796616000;

struct FakeClock {
    std::int64_t ns = kNow * kSec;
    pipeline::HealthReporter::Clock fn() {
        return [this] { return time::Timestamp{ns}; };
    }
    void advance(double s) { ns += static_cast<std::int64_t>(s * 1e9); }
};

// A filter with state of its own, passing every line on.
class Stateful : public pipeline::PassThrough {
public:
    void health(pipeline::HealthState& s) const override {
        s.add_int("open_orders", 2);
        s.add_text("breaker", "REJECT_BURST \"x\"");
    }
};

pipeline::ProcessIdentity identity() {
    pipeline::ProcessIdentity id;
    id.tool = "sos-test";
    id.pid = 4242;
    id.host = "box";
    id.started = time::Timestamp{(kNow - 60) * kSec};
    id.version = "9.9.9";
    return id;
}

std::string candle(std::int64_t t) {
    return R"({"type":"CANDLE","timestamp":)" + std::to_string(t) +
           R"(,"symbol":"NIFTY","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":10})";
}

std::vector<nlohmann::json> health_lines(const std::string& text) {
    std::vector<nlohmann::json> found;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        auto j = nlohmann::json::parse(text.substr(at, end - at));
        if (j["type"] == "HEALTH") found.push_back(j);
        at = end + 1;
    }
    return found;
}

struct Rig {
    FakeClock clock;
    Stateful tool;
    diag::BadInput bad;
    pipeline::HealthReporter reporter;
    pipeline::HealthFilter filter;
    pipeline::LineProcessor processor;
    ndjson::StringSink sink;
    ndjson::Output out{sink};
    std::uint64_t number = 0;

    explicit Rig(HealthOptions o)
        : reporter(o, identity(), clock.fn()), filter(tool, reporter, bad), processor(filter, bad) {}
    void line(const std::string& text) { processor.process(text, ++number, out); }
};

}  // namespace

TEST_CASE("health: a forced interval writes counts, lag, identity and the tool's state") {
    Rig r(HealthOptions{5.0, false});
    REQUIRE(r.reporter.enabled());
    r.line(candle(kNow - 10));
    r.line("not json");
    r.line(candle(kNow - 3));
    r.filter.on_idle(r.out);
    CHECK(health_lines(r.sink.text).empty());  // not due before its interval
    r.clock.advance(5);
    r.filter.on_idle(r.out);
    auto h = health_lines(r.sink.text);
    REQUIRE(h.size() == 1);
    CHECK(h[0]["tool"] == "sos-test");
    CHECK(h[0]["pid"] == 4242);
    CHECK(h[0]["host"] == "box");
    CHECK(h[0]["version"] == "9.9.9");
    CHECK(h[0]["started"] == kNow - 60);
    CHECK(h[0]["uptime_s"] == 65);
    CHECK(h[0]["timestamp"] == kNow + 5);
    CHECK(h[0]["in"] == 2);
    CHECK(h[0]["out"] == 2);
    CHECK(h[0]["bad"] == 1);
    CHECK(h[0]["lag_s"] == 8);  // wall clock minus the latest candle's time
    CHECK(h[0]["open_orders"] == 2);
    CHECK(h[0]["breaker"] == "REJECT_BURST \"x\"");
    // The next one an interval after this one, not before.
    r.clock.advance(4.9);
    r.filter.on_idle(r.out);
    CHECK(health_lines(r.sink.text).size() == 1);
    r.clock.advance(0.2);
    r.filter.on_idle(r.out);
    auto again = health_lines(r.sink.text);
    REQUIRE(again.size() == 2);
    CHECK(again[1]["out"] == 3);  // the first HEALTH line is a line out too
    // And a last one at the end.
    r.filter.on_end(r.out);
    CHECK(health_lines(r.sink.text).size() == 3);
}

TEST_CASE("health: Auto writes nothing in a replay of past days") {
    Rig r(HealthOptions{std::nullopt, false});
    for (int i = 0; i < 200; ++i)
        r.line(candle(1704700000 + 60 * i));  // January 2024
    r.clock.advance(3600);
    r.filter.on_idle(r.out);
    r.filter.on_end(r.out);
    CHECK_FALSE(r.reporter.enabled());
    CHECK(health_lines(r.sink.text).empty());
    CHECK(r.out.lines_written() == 200);
}

TEST_CASE("health: Auto turns on once the stream is live, and stays on when it goes quiet") {
    Rig r(HealthOptions{std::nullopt, false});
    r.line(candle(kNow - 20));
    r.filter.on_idle(r.out);
    REQUIRE(r.reporter.enabled());
    CHECK(health_lines(r.sink.text).empty());  // the first one an interval later
    r.clock.advance(HealthOptions::kDefaultEvery);
    r.filter.on_idle(r.out);
    r.clock.advance(HealthOptions::kDefaultEvery);  // no line meanwhile: the feed is silent
    r.filter.on_idle(r.out);
    auto h = health_lines(r.sink.text);
    REQUIRE(h.size() == 2);
    CHECK(h[1]["lag_s"] == 2 * HealthOptions::kDefaultEvery + 20);
}

TEST_CASE("health: an upstream HEALTH passes through, says the stream is live, and is not market time") {
    Rig r(HealthOptions{std::nullopt, false});
    r.line(candle(1704700000));  // an old candle: the event clock
    const std::string upstream =
        R"({"type":"HEALTH","timestamp":)" + std::to_string(kNow) +
        R"(,"tool":"sos-feed","pid":1,"uptime_s":3,"in":0,"out":0,"bad":0,"sources":[]})";
    r.line(upstream);
    r.filter.on_idle(r.out);
    REQUIRE(r.reporter.enabled());
    CHECK(r.sink.text.find(upstream + "\n") != std::string::npos);  // byte for byte
    r.clock.advance(HealthOptions::kDefaultEvery);
    r.filter.on_idle(r.out);
    auto h = health_lines(r.sink.text);
    REQUIRE(h.size() == 2);
    CHECK(h[1]["tool"] == "sos-test");
    CHECK(h[1]["lag_s"].get<double>() > 1e7);  // behind the candle, not the HEALTH line
}

TEST_CASE("health: --live turns it on at once; 0 never; the stage's tick follows the interval") {
    FakeClock c;
    CHECK(pipeline::HealthReporter(HealthOptions{std::nullopt, true}, identity(), c.fn()).enabled());
    CHECK_FALSE(pipeline::HealthReporter(HealthOptions{0.0, true}, identity(), c.fn()).enabled());
    CHECK(pipeline::health_tick(HealthOptions{0.0, true}).count() == 0);
    CHECK(pipeline::health_tick(HealthOptions{std::nullopt, false}).count() == 1000);
    CHECK(pipeline::health_tick(HealthOptions{0.25, false}).count() == 250);
    CHECK(pipeline::health_tick(HealthOptions{120.0, false}).count() == 1000);
}

TEST_CASE("health: this process names itself") {
    auto id = pipeline::this_process("sos-x");
    CHECK(id.tool == "sos-x");
    CHECK(id.pid > 0);
    CHECK_FALSE(id.host.empty());
    CHECK_FALSE(id.version.empty());
    CHECK(id.started == pipeline::process_start());
}
