// An operator's lines injected into a running filter stage while input flows (labelled tsan):
// the filter is called by one thread at a time (a ThreadSanitizer build sees any overlap in
// its unguarded members), each injected line is decided once, between two input lines, never
// inside one, and the output is the order the filter decided in.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "ndjson/fd_io.hpp"
#include "pipeline/injector.hpp"
#include "pipeline/producer.hpp"
#include "pipeline/stage.hpp"

using namespace sos;

namespace {

std::string candle(int i) {
    return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
           ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":" + std::to_string(i) +
           "}";
}

std::string control(int i) {
    return "{\"type\":\"CONTROL\",\"command\":\"pause\",\"scope\":\"S" + std::to_string(i) + "\"}";
}

// Keeps every line in the order decided; plain members, so two threads at once are a race.
struct Order : pipeline::Filter {
    std::vector<std::string> seen;
    int inside = 0;  // lines being decided now: never more than one
    int overlaps = 0;
    void on_line(const pipeline::InputLine& l, const event::EventList&, ndjson::Output& out) override {
        if (++inside > 1) ++overlaps;
        seen.emplace_back(l.text);
        out.pass(l.type, l.text);
        --inside;
    }
};

std::string read_all(int fd) {
    std::string s;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        s.append(buf, static_cast<std::size_t>(n));
    return s;
}

}  // namespace

TEST_CASE("inject: operator lines are decided in order with the input, by one thread at a time") {
    ndjson::ignore_sigpipe();
    for (std::size_t chunk : {std::size_t(1) << 16, std::size_t(97)}) {  // big batches and lone lines
        int in[2], out[2];
        REQUIRE(::pipe(in) == 0);
        REQUIRE(::pipe(out) == 0);
        constexpr int kLines = 20000, kInjected = 200;
        std::string input;
        for (int i = 0; i < kLines; ++i)
            input += candle(i) + "\n";
        pipeline::Injector injector;
        pipeline::StageConfig cfg;
        cfg.in_fd = in[0];
        cfg.out_fd = out[1];
        cfg.injector = &injector;
        Order filter;
        std::atomic<int> taken{0}, refused{0};
        std::atomic<bool> started{false};
        std::thread writer([&] {
            while (!started.load())
                std::this_thread::yield();
            for (std::size_t i = 0; i < input.size(); i += chunk) {
                const auto n = std::min(chunk, input.size() - i);
                if (::write(in[1], input.data() + i, n) != static_cast<ssize_t>(n)) break;
            }
            // The injecting thread finishes before the input ends, so every line it sent is decided.
            while (taken.load() + refused.load() < kInjected)
                std::this_thread::yield();
            ::close(in[1]);
        });
        std::thread operator_([&] {
            // Until the stage runs, a line is refused (NOT_RUNNING) and decided by nobody.
            while (!injector.inject(control(0)).ok)
                std::this_thread::yield();
            taken.fetch_add(1);
            started.store(true);
            for (int i = 1; i < kInjected; ++i) {
                (injector.inject(control(i)).ok ? taken : refused).fetch_add(1);
                std::this_thread::yield();
            }
        });
        std::string output;
        std::thread reader([&] { output = read_all(out[0]); });
        const auto outcome = pipeline::run_filter(cfg, filter);
        ::close(out[1]);
        ::close(in[0]);
        writer.join();
        operator_.join();
        reader.join();
        ::close(out[0]);
        REQUIRE(outcome.reason == pipeline::StopReason::EndOfInput);
        REQUIRE(filter.overlaps == 0);
        REQUIRE(taken.load() + refused.load() == kInjected);
        REQUIRE(refused.load() == 0);
        // Input lines in their order, each operator line once and in its order, nothing else.
        int next_candle = 0, next_control = 0;
        std::string expected_output;
        for (const auto& l : filter.seen) {
            expected_output += l + "\n";
            if (l.find("CANDLE") != std::string::npos) {
                REQUIRE(l == candle(next_candle));
                ++next_candle;
            } else {
                REQUIRE(l == control(next_control));
                ++next_control;
            }
        }
        REQUIRE(next_candle == kLines);
        REQUIRE(next_control == kInjected);
        REQUIRE(output == expected_output);
    }
}

namespace {

// Writes candles, now busy, now idle for a moment, until told to end; its members are plain.
struct Candles : pipeline::Producer {
    int written = 0;
    int total;
    std::atomic<bool>& may_end;
    Candles(int n, std::atomic<bool>& end) : total(n), may_end(end) {}
    Step step(ndjson::Output& out) override {
        if (written >= total) return may_end.load() ? Step::End : Step::Idle;
        if (written % 50 == 49 && idle_once_ != written) {
            idle_once_ = written;
            return Step::Idle;
        }
        const std::string line = candle(written++);
        out.pass("CANDLE", line);
        return Step::Wrote;
    }
    void wait_on(pipeline::WaitSet& w) override {
        w.until(pipeline::WaitSet::Clock::now() + std::chrono::milliseconds(1));
    }
    void health(pipeline::HealthState& s) const override { s.add_int("written", written); }

private:
    int idle_once_ = -1;
};

}  // namespace

TEST_CASE("inject: a producing stage writes an operator's line between two of its records") {
    ndjson::ignore_sigpipe();
    int out[2];
    REQUIRE(::pipe(out) == 0);
    constexpr int kLines = 5000, kInjected = 100;
    pipeline::Injector injector;
    pipeline::StageConfig cfg;
    cfg.out_fd = out[1];
    cfg.injector = &injector;
    std::atomic<bool> may_end{false};
    Candles producer(kLines, may_end);
    std::atomic<int> taken{0};
    std::atomic<bool> bad_line_refused{false};
    std::string state;
    std::thread operator_([&] {
        while (!injector.inject(control(0)).ok)
            std::this_thread::yield();
        taken.fetch_add(1);
        for (int i = 1; i < kInjected; ++i) {
            if (injector.inject(control(i)).ok) taken.fetch_add(1);
            if (i == kInjected / 2) state = injector.state().value_or("none");
        }
        bad_line_refused.store(injector.inject("not json").reason == "BAD_LINE");  // never written
        may_end.store(true);
    });
    std::string output;
    std::thread reader([&] { output = read_all(out[0]); });
    const auto outcome = pipeline::run_producer(cfg, producer);
    ::close(out[1]);
    operator_.join();
    reader.join();
    ::close(out[0]);
    REQUIRE(outcome.reason == pipeline::StopReason::EndOfInput);
    REQUIRE(taken.load() == kInjected);
    REQUIRE(bad_line_refused.load());
    REQUIRE(state.rfind("\"written\":", 0) == 0);
    REQUIRE(injector.inject(control(0)).reason == "NOT_RUNNING");  // the stage has ended
    int next_candle = 0, next_control = 0;
    for (std::size_t p = 0; p < output.size();) {
        const auto nl = output.find('\n', p);
        const std::string l = output.substr(p, nl - p);
        p = nl + 1;
        if (l.find("CANDLE") != std::string::npos)
            REQUIRE(l == candle(next_candle++));
        else
            REQUIRE(l == control(next_control++));
    }
    REQUIRE(next_candle == kLines);
    REQUIRE(next_control == kInjected);
}

TEST_CASE("inject: the stream's clock is market time: a HEALTH line's wall-clock time does not move it") {
    // An operator's line in a replayed stream is stamped with the stream's clock (so that sos-exec
    // flattens at the next candle after a kill); HEALTH lines, stamped when written, would put it
    // in the wall clock's present, after every candle still to come.
    ndjson::ignore_sigpipe();
    int in[2], out[2];
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
    pipeline::Injector injector;
    pipeline::StageConfig cfg;
    cfg.in_fd = in[0];
    cfg.out_fd = out[1];
    cfg.injector = &injector;
    Order filter;
    const std::string input =
        candle(0) + "\n" +
        R"({"type":"HEALTH","timestamp":1796649000.5,"tool":"sos-regime","pid":1,"uptime_s":1,"in":1,"out":1,"bad":0})" +
        "\n";
    REQUIRE(::write(in[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    std::optional<time::Timestamp> clock;
    std::thread operator_([&] {
        // Once the HEALTH line is decided (the filter saw it), the clock is asked for; the maker
        // runs on the deciding role, between two lines, so reading `seen` there is safe.
        for (int i = 0; i < 5000; ++i) {
            bool asked = false;
            injector.inject([&](std::optional<time::Timestamp> c) {
                for (const auto& l : filter.seen)
                    if (l.find("HEALTH") != std::string::npos) clock = c, asked = true;
                return control(1);
            });
            if (asked) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        ::close(in[1]);
    });
    std::thread reader([&] { read_all(out[0]); });
    pipeline::run_filter(cfg, filter);
    ::close(out[1]);
    ::close(in[0]);
    operator_.join();
    reader.join();
    ::close(out[0]);
    REQUIRE(clock);
    REQUIRE(clock->ns == time::Timestamp::from_seconds(1704685500).ns);
}
