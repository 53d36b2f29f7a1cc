#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli/exit_status.hpp"
#include "diag/log.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/line_processor.hpp"
#include "pipeline/stage.hpp"

using namespace sos;

namespace {

struct Pipes {
    int in[2];
    int out[2];
    Pipes() {
        REQUIRE(::pipe(in) == 0);
        REQUIRE(::pipe(out) == 0);
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

// Runs a pass-through stage over `input` written in chunks of `chunk` bytes.
// Runs `filter` over `input` written in chunks of `chunk` bytes.
pipeline::StageOutcome run_stage(pipeline::Filter& filter, const std::string& input, std::string& output,
                                 bool strict = false, std::size_t chunk = 1 << 16) {
    Pipes p;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    cfg.strict = strict;
    ndjson::ignore_sigpipe();  // as every sos tool does in main()
    std::thread writer([&] {
        // No assertions off the test's thread (Catch2's are not thread-safe): the output says it all.
        for (std::size_t i = 0; i < input.size(); i += chunk) {
            std::size_t n = std::min(chunk, input.size() - i);
            if (::write(p.in[1], input.data() + i, n) != static_cast<ssize_t>(n)) break;
        }
        ::close(p.in[1]);
    });
    std::thread reader([&] { output = read_all(p.out[0]); });
    auto r = pipeline::run_filter(cfg, filter);
    ::close(p.out[1]);
    ::close(p.in[0]);  // a stage that stopped early reads no more: the writer gets EPIPE
    writer.join();
    reader.join();
    ::close(p.out[0]);
    return r;
}

pipeline::StageOutcome run_pass(const std::string& input, std::string& output, bool strict = false,
                                std::size_t chunk = 1 << 16) {
    pipeline::PassThrough filter;
    return run_stage(filter, input, output, strict, chunk);
}

std::string candle(int i) {
    return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
           ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":" + std::to_string(i) +
           "}";
}

}  // namespace

TEST_CASE("a pass-through stage copies valid lines byte for byte and in order") {
    std::string in;
    for (int i = 0; i < 20000; ++i)
        in += candle(i) + "\n";
    in += "{\"type\":\"MY_OWN\",\"x\":[1, 2 ,3]}\n";  // unknown types and odd spacing survive untouched
    std::string out;
    diag::CaptureForTest capture;
    auto r = run_pass(in, out, false, 777);
    REQUIRE(out == in);
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
    REQUIRE(cli::exit_status(r) == 0);
    REQUIRE(capture.text().empty());
}

TEST_CASE("bad lines are reported with their number and skipped while neighbours pass") {
    diag::CaptureForTest capture;
    std::string in =
        candle(0) + "\nnot json\n" + candle(1) + "\n" + candle(1) + "\n{\"type\":\"CANDLE\"}\n" + candle(2);
    std::string out;
    auto r = run_pass(in, out);
    REQUIRE(out == candle(0) + "\n" + candle(1) + "\n" + candle(2) + "\n");
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
    const auto& err = capture.text();
    REQUIRE_THAT(err, Catch::Contains("line 2: not a JSON object"));
    REQUIRE_THAT(err, Catch::Contains("line 4: CANDLE: timestamp 1704685560 does not move forward"));
    REQUIRE_THAT(err, Catch::Contains("line 5: CANDLE: field 'o' is missing"));
    REQUIRE_THAT(err, Catch::Contains("3 bad lines skipped"));
}

TEST_CASE("strict mode stops at the first bad line with status 65 after writing what came before") {
    diag::CaptureForTest capture;
    std::string in = candle(0) + "\n" + candle(1) + "\n{\"type\":\"CANDLE\",\"broken\n" + candle(2) + "\n";
    std::string out;
    auto r = run_pass(in, out, true);
    REQUIRE(r.reason == pipeline::StopReason::BadInput);
    REQUIRE(cli::exit_status(r) == cli::kExitDataError);
    REQUIRE(out == candle(0) + "\n" + candle(1) + "\n");
    REQUIRE_THAT(capture.text(), Catch::Contains("line 3:"));
}

TEST_CASE("when the reader downstream goes away the stage ends quietly with status 0") {
    diag::CaptureForTest capture;
    ndjson::ignore_sigpipe();  // as every sos tool does in main()
    Pipes p;
    pipeline::PassThrough filter;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    ::close(p.out[0]);  // nobody will ever read
    std::thread writer([&] {
        std::string line = candle(0) + "\n";
        for (int i = 0; i < 1000; ++i) {
            std::string l = candle(i) + "\n";
            if (::write(p.in[1], l.data(), l.size()) < 0) break;
        }
        ::close(p.in[1]);
    });
    auto r = pipeline::run_filter(cfg, filter);
    // The stage stops reading once nobody reads its output: the writer, blocked on a full pipe,
    // is let go by closing the read end (its write fails, SIGPIPE ignored), else join waits forever.
    ::close(p.in[0]);
    writer.join();
    ::close(p.out[1]);
    REQUIRE(r.reason == pipeline::StopReason::DownstreamClosed);
    REQUIRE(cli::exit_status(r) == 0);
    REQUIRE(capture.text().empty());
}

TEST_CASE("output goes out as soon as input pauses") {
    Pipes p;
    pipeline::PassThrough filter;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    std::thread stage([&] { pipeline::run_filter(cfg, filter); });
    std::string line = candle(0) + "\n";
    REQUIRE(::write(p.in[1], line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    // The input stays open: the line must still come out promptly, not when a buffer fills.
    std::string got;
    char buf[4096];
    while (got.size() < line.size()) {
        ssize_t n = ::read(p.out[0], buf, sizeof buf);
        REQUIRE(n > 0);
        got.append(buf, static_cast<std::size_t>(n));
    }
    REQUIRE(got == line);
    ::close(p.in[1]);
    stage.join();
    ::close(p.in[0]);
    ::close(p.out[1]);
    ::close(p.out[0]);
}

namespace {

// Counts on_idle calls; made from the deciding role, read from the test's thread.
struct IdleCounter : pipeline::PassThrough {
    std::atomic<int> idles{0};
    void on_idle(ndjson::Output&) override { idles.fetch_add(1); }
};

// Waits up to 5 s for `filter` to have idled `n` times; how long it took.
std::chrono::steady_clock::duration wait_idles(const IdleCounter& filter, int n) {
    const auto t0 = std::chrono::steady_clock::now();
    while (filter.idles.load() < n && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    return std::chrono::steady_clock::now() - t0;
}

}  // namespace

TEST_CASE("a wake from another thread runs the filter's on_idle at once, with no input and a long tick") {
    Pipes p;
    IdleCounter filter;
    pipeline::Waker waker;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    cfg.tick = std::chrono::seconds(10);
    cfg.waker = &waker;
    std::thread stage([&] { pipeline::run_filter(cfg, filter); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(filter.idles.load() == 0);  // no input, no tick yet: nothing runs on_idle
    for (int n = 1; n <= 3; ++n) {
        std::thread network([&] { waker.wake(); });  // as a network client's thread does
        network.join();
        const auto took = wait_idles(filter, n);
        // The tick is 10 s; a wake takes well under a millisecond on an idle machine. The
        // bound leaves room for a loaded one under ThreadSanitizer.
        REQUIRE(took < std::chrono::milliseconds(500));
        REQUIRE(filter.idles.load() == n);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(filter.idles.load() == 3);  // each wake taken once: no spinning on a stale one
    ::close(p.in[1]);
    stage.join();
    waker.wake();  // after the stage: goes nowhere
    ::close(p.in[0]);
    ::close(p.out[1]);
    ::close(p.out[0]);
}

TEST_CASE("a wake before the stage runs is kept: on_idle runs as it starts") {
    Pipes p;
    IdleCounter filter;
    pipeline::Waker waker;
    waker.wake();
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    cfg.tick = std::chrono::seconds(10);
    cfg.waker = &waker;
    std::thread stage([&] { pipeline::run_filter(cfg, filter); });
    REQUIRE(wait_idles(filter, 1) < std::chrono::milliseconds(500));
    ::close(p.in[1]);
    stage.join();
    REQUIRE(filter.idles.load() == 1);
    ::close(p.in[0]);
    ::close(p.out[1]);
    ::close(p.out[0]);
}

TEST_CASE("the line processor hands canonical events to the filter") {
    struct Count : pipeline::Filter {
        int candles = 0, sentiments = 0;
        void on_line(const pipeline::InputLine& line, const event::EventList& ev,
                     ndjson::Output& out) override {
            for (const auto& e : ev) {
                candles += e.env.kind == event::Kind::Candle;
                sentiments += e.env.kind == event::Kind::Sentiment;
            }
            out.pass(line.type, line.text);
        }
    } filter;
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    std::string mu =
        R"({"type":"MARKET_UPDATE","symbol":"X","timestamp":1704685740,"data":{"candle":{"o":1,"h":2,"l":1,"c":2,"v":1},"sentiment":{"pcr":0.7}}})";
    REQUIRE(proc.process(mu, 1, out));
    REQUIRE(filter.candles == 1);
    REQUIRE(filter.sentiments == 1);
    REQUIRE(sink.text == mu + "\n");  // the seed form itself passes through unchanged
}

namespace {

// Passes lines through and throws where told: on the n-th line, when input goes idle, at the end.
struct Thrower : pipeline::Filter {
    std::uint64_t throw_at_line = 0;
    bool throw_on_idle = false;
    bool throw_on_end = false;
    bool throw_non_standard = false;
    int ends = 0;
    void boom(const char* where) {
        if (throw_non_standard) throw 42;
        throw std::runtime_error(std::string("boom in ") + where);
    }
    void on_line(const pipeline::InputLine& line, const event::EventList&, ndjson::Output& out) override {
        if (line.number == throw_at_line) boom("on_line");
        out.pass(line.type, line.text);
    }
    void on_idle(ndjson::Output&) override {
        if (throw_on_idle) boom("on_idle");
    }
    void on_end(ndjson::Output&) override {
        ++ends;
        if (throw_on_end) boom("on_end");
    }
};

std::string candles(int n) {
    std::string in;
    for (int i = 0; i < n; ++i)
        in += candle(i) + "\n";
    return in;
}

}  // namespace

TEST_CASE("a filter that throws on a line stops the stage with an internal error, status 70") {
    diag::CaptureForTest capture;
    Thrower filter;
    filter.throw_at_line = 3000;
    std::string out;
    auto r = run_stage(filter, candles(5000), out);
    REQUIRE(r.reason == pipeline::StopReason::InternalError);
    REQUIRE(cli::exit_status(r) == cli::kExitSoftware);
    REQUIRE_THAT(capture.text(), Catch::Contains("internal error: boom in on_line (input line 3000)"));
    // Every line before it went out; the filter is not called again, not even at the end.
    REQUIRE(out == candles(2999));
    REQUIRE(filter.ends == 0);
}

TEST_CASE("a filter that throws something other than a std::exception is caught too") {
    diag::CaptureForTest capture;
    Thrower filter;
    filter.throw_at_line = 2;
    filter.throw_non_standard = true;
    std::string out;
    auto r = run_stage(filter, candles(3), out);
    REQUIRE(r.reason == pipeline::StopReason::InternalError);
    REQUIRE_THAT(capture.text(),
                 Catch::Contains("internal error: an exception that is not a std::exception"));
    REQUIRE(out == candles(1));
}

TEST_CASE("a filter that throws at the end of input is an internal error") {
    diag::CaptureForTest capture;
    Thrower filter;
    filter.throw_on_end = true;
    std::string out;
    auto r = run_stage(filter, candles(10), out);
    REQUIRE(r.reason == pipeline::StopReason::InternalError);
    REQUIRE_THAT(capture.text(), Catch::Contains("internal error: boom in on_end\n"));
    REQUIRE(out == candles(10));
}

TEST_CASE("a filter that throws while input is idle ends the stage though the input stays open") {
    diag::CaptureForTest capture;
    Pipes p;
    Thrower filter;
    filter.throw_on_idle = true;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    const std::string line = candle(0) + "\n";
    REQUIRE(::write(p.in[1], line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    // A lone line is decided on the reading thread, which then finds input idle: the throw
    // happens there, not on the caller's thread.
    auto r = pipeline::run_filter(cfg, filter);
    ::close(p.out[1]);
    REQUIRE(r.reason == pipeline::StopReason::InternalError);
    REQUIRE_THAT(capture.text(), Catch::Contains("internal error: boom in on_idle\n"));
    REQUIRE(read_all(p.out[0]) == line);
    ::close(p.in[1]);
    ::close(p.in[0]);
    ::close(p.out[0]);
}

TEST_CASE("a filter that needs no more input ends the stage as at the end of input") {
    struct TakesTwo : pipeline::Filter {
        int ends = 0;
        void on_line(const pipeline::InputLine& line, const event::EventList&, ndjson::Output& out) override {
            out.pass(line.type, line.text);
            if (line.number == 2) end_input();
        }
        void on_end(ndjson::Output&) override { ++ends; }
    } filter;
    Pipes p;
    pipeline::StageConfig cfg;
    cfg.in_fd = p.in[0];
    cfg.out_fd = p.out[1];
    const std::string in = candles(3);
    REQUIRE(::write(p.in[1], in.data(), in.size()) == static_cast<ssize_t>(in.size()));
    // The input stays open: the stage must not wait for its end.
    auto r = pipeline::run_filter(cfg, filter);
    ::close(p.out[1]);
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
    REQUIRE(filter.ends == 1);
    REQUIRE(read_all(p.out[0]) == candles(2));
    ::close(p.in[1]);
    ::close(p.in[0]);
    ::close(p.out[0]);
}

TEST_CASE("a filter may keep views of its lines and events until the stage ends their batch") {
    // Views kept from on_line are checked against copies when the batch ends: the stage must
    // not have reused the lines' storage before telling the filter (run under ThreadSanitizer
    // too, where a reading thread writing a slot still viewed would be reported).
    struct Keeper : pipeline::Filter {
        struct Kept {
            std::string_view text;
            const event::EventList* events;
            std::string text_copy;
            std::int64_t t;
        };
        std::vector<Kept> kept;
        int batch_ends = 0, stale = 0, kept_at_end = -1;
        void on_line(const pipeline::InputLine& line, const event::EventList& ev,
                     ndjson::Output& out) override {
            kept.push_back(Kept{line.text, &ev, std::string(line.text), ev[0].time().ns});
            out.pass(line.type, line.text);
        }
        void on_batch_end() override {
            ++batch_ends;
            for (const auto& k : kept)
                stale += k.text != k.text_copy || k.events->size() != 1 || (*k.events)[0].time().ns != k.t;
            kept.clear();
        }
        void on_end(ndjson::Output&) override { kept_at_end = static_cast<int>(kept.size()); }
    };
    for (std::size_t chunk :
         {std::size_t{100}, std::size_t{1} << 16}) {  // lines a few at a time, and batches
        Keeper filter;
        std::string out;
        auto r = run_stage(filter, candles(5000), out, false, chunk);
        REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
        REQUIRE(out == candles(5000));
        REQUIRE(filter.batch_ends > 0);
        REQUIRE(filter.stale == 0);
        REQUIRE(filter.kept_at_end == 0);  // every batch ended before on_end
    }
    // One line at a time, without a stage: each line is its own batch.
    Keeper filter;
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    REQUIRE(proc.process(candle(0), 1, out));
    REQUIRE(proc.process(candle(1), 2, out));
    REQUIRE(filter.batch_ends == 2);
    REQUIRE(filter.stale == 0);
}

TEST_CASE("a read that fails ends the stage as an I/O error naming the input, status 74") {
    diag::CaptureForTest capture;
    char dir[] = "/tmp/sos-stage-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const int fd = ::open(dir, O_RDONLY);  // reading a directory fails
    Pipes p;
    pipeline::PassThrough filter;
    pipeline::StageConfig cfg;
    cfg.in_fd = fd;
    cfg.out_fd = p.out[1];
    cfg.source = dir;
    auto r = pipeline::run_filter(cfg, filter);
    REQUIRE(r.reason == pipeline::StopReason::ReadFailed);
    REQUIRE(cli::exit_status(r) == cli::kExitIoError);
    REQUIRE_THAT(capture.text(), Catch::Contains(std::string(dir) + ": read failed: Is a directory"));
    ::close(fd);
    ::rmdir(dir);
    ::close(p.in[0]);
    ::close(p.in[1]);
    ::close(p.out[0]);
    ::close(p.out[1]);
}

namespace {

// Writes `lines` candles, going idle (naming nothing) after each; throws where told.
struct Counting : pipeline::Producer {
    int lines = 3;
    int written = 0;
    int idles = 0;
    int ends = 0;
    bool idle_next = false;
    bool throw_on_step = false;
    Step step(ndjson::Output& out) override {
        if (throw_on_step && written == 2) throw std::logic_error("producer bug");
        if (written == lines) return Step::End;
        if (idle_next) {
            idle_next = false;
            return Step::Idle;
        }
        const std::string line = candle(written++) + "\n";
        out.emit_encoded("CANDLE", line);
        idle_next = true;
        return Step::Wrote;
    }
    void on_idle(ndjson::Output&) override { ++idles; }
    void on_end(ndjson::Output&) override { ++ends; }
};

}  // namespace

TEST_CASE("a producing stage writes what its producer makes, idles on the tick, and ends with it") {
    Pipes p;
    Counting producer;
    pipeline::StageConfig cfg;
    cfg.out_fd = p.out[1];
    cfg.tick = std::chrono::milliseconds(5);  // nothing named to wait on: the tick wakes it
    auto r = pipeline::run_producer(cfg, producer);
    ::close(p.out[1]);
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
    REQUIRE(read_all(p.out[0]) == candles(3));
    REQUIRE(producer.idles == 2);  // after the first two: the third is followed by the end
    REQUIRE(producer.ends == 1);
    ::close(p.out[0]);
    ::close(p.in[0]);
    ::close(p.in[1]);
}

TEST_CASE("a producer that throws is an internal error, status 70, what it wrote before kept") {
    diag::CaptureForTest capture;
    Pipes p;
    Counting producer;
    producer.throw_on_step = true;
    pipeline::StageConfig cfg;
    cfg.out_fd = p.out[1];
    cfg.tick = std::chrono::milliseconds(1);
    auto r = pipeline::run_producer(cfg, producer);
    ::close(p.out[1]);
    REQUIRE(r.reason == pipeline::StopReason::InternalError);
    REQUIRE(cli::exit_status(r) == cli::kExitSoftware);
    REQUIRE_THAT(capture.text(), Catch::Contains("internal error: producer bug"));
    REQUIRE(read_all(p.out[0]) == candles(2));
    REQUIRE(producer.ends == 0);
    ::close(p.out[0]);
    ::close(p.in[0]);
    ::close(p.in[1]);
}

TEST_CASE("stage stress: reads of every size with pauses come out byte for byte and in order") {
    // Small reads after a pause are decided on the reading thread (run-to-completion), large
    // ones by the decoding workers and the deciding thread: both paths, and the hand-over of
    // the deciding role between them, under load and with more workers than cores.
    const std::string in = candles(30000);
    ndjson::ignore_sigpipe();
    for (int workers : {1, 2, 3}) {
        Pipes p;
        pipeline::PassThrough filter;
        pipeline::StageConfig cfg;
        cfg.in_fd = p.in[0];
        cfg.out_fd = p.out[1];
        cfg.decode_workers = workers;
        cfg.input_ring.spin_iterations = workers == 3 ? 0 : 200;  // every wait blocks, too
        std::thread writer([&] {
            std::mt19937 rng(static_cast<unsigned>(workers));
            std::size_t at = 0;
            for (int k = 0; at < in.size(); ++k) {
                const std::size_t n =
                    std::min<std::size_t>(in.size() - at, 1 + rng() % (k % 7 == 0 ? 200000 : 300));
                if (::write(p.in[1], in.data() + at, n) != static_cast<ssize_t>(n)) break;
                at += n;
                if (k % 64 == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
            ::close(p.in[1]);
        });
        std::string out;
        std::thread reader([&] { out = read_all(p.out[0]); });
        auto r = pipeline::run_filter(cfg, filter);
        ::close(p.out[1]);
        writer.join();
        reader.join();
        ::close(p.in[0]);
        ::close(p.out[0]);
        REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
        REQUIRE(out == in);
    }
}

TEST_CASE("a regular file never goes idle: the filter hears of no pause before its end") {
    // All of a file is there to read: "everything read so far is decided" is the reader
    // lagging, not the input pausing. Taken for a pause, it made a replayed recording's output
    // depend on timing (sos-feed replay wrote a chain's sentiment update twice).
    struct CountIdle : pipeline::PassThrough {
        int idles = 0, lines = 0;
        bool ended = false;
        void on_line(const pipeline::InputLine& line, const event::EventList& ev,
                     ndjson::Output& out) override {
            ++lines;
            PassThrough::on_line(line, ev, out);
        }
        void on_idle(ndjson::Output&) override { idles += !ended; }
        void on_end(ndjson::Output&) override { ended = true; }
    };
    char path[] = "/tmp/sos-stage-file-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    std::string input;
    for (int i = 0; i < 3; ++i)  // a small file: read at once, decided on the reading thread
        input += candle(i) + "\n";
    REQUIRE(::write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    REQUIRE(::lseek(fd, 0, SEEK_SET) == 0);
    int out[2];
    REQUIRE(::pipe(out) == 0);
    std::string output;
    std::thread reader([&] { output = read_all(out[0]); });
    CountIdle filter;
    pipeline::StageConfig cfg;
    cfg.in_fd = fd;
    cfg.out_fd = out[1];
    const auto r = pipeline::run_filter(cfg, filter);
    ::close(out[1]);
    reader.join();
    ::close(out[0]);
    ::close(fd);
    ::unlink(path);
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
    REQUIRE(filter.lines == 3);
    REQUIRE(filter.ended);
    REQUIRE(filter.idles == 0);
    REQUIRE(output == input);
}
