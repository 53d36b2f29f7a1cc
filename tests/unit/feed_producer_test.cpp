// Sources on their own clock: the producing stage with sos-feed's FeedProducer, sources that
// go idle on a quiet pipe, merges that wait for them, stop signals seen while busy.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "cli/exit_status.hpp"
#include "diag/log.hpp"
#include "feed/feed_producer.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/format_sniff.hpp"
#include "feed/replay/ndjson_source.hpp"
#include "ndjson/line_reader.hpp"
#include "pipeline/stage.hpp"

using namespace sos;
using namespace sos::feed;
using Pull = Source::Pull;

namespace {

std::string candle(int i, const char* symbol = "A") {
    return std::string("{\"type\":\"CANDLE\",\"timestamp\":") + std::to_string(1704685500 + 60 * i) +
           ",\"symbol\":\"" + symbol + "\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":1}";
}

struct Pipe {
    int fd[2];
    Pipe() { REQUIRE(::pipe(fd) == 0); }
    void write(const std::string& s) {
        REQUIRE(::write(fd[1], s.data(), s.size()) == static_cast<ssize_t>(s.size()));
    }
    void close_writer() {
        if (fd[1] >= 0) ::close(fd[1]);
        fd[1] = -1;
    }
    ~Pipe() {
        close_writer();
        if (fd[0] >= 0) ::close(fd[0]);
    }
    // The read end as an input endpoint (which then owns it).
    std::unique_ptr<ndjson::Endpoint> input() {
        auto e = std::make_unique<ndjson::Endpoint>(fd[0], "pipe");
        fd[0] = -1;
        return e;
    }
};

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

// Reads what arrives on `fd` within `ms`.
std::string read_within(int fd, int ms) {
    std::string got;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return got;
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) got.assign(buf, static_cast<std::size_t>(n));
    return got;
}

// A source that never ends and is always ready: candles one minute apart.
class Endless : public Source {
public:
    Pull next(FeedItem& item) override {
        item.events.clear();
        item.raw.clear();
        REQUIRE(decoder_.decode(candle(i_++), item.events));
        return Pull::Ready;
    }
    std::string_view name() const override { return "endless"; }

private:
    int i_ = 0;
    event::Decoder decoder_;
};

// A source on a quiet network holding two bars it has not closed: ready only when stopped.
class Holding : public Source {
public:
    Pull next(FeedItem& item) override {
        if (!stopped_ || given_ == 2) return stopped_ ? Pull::End : Pull::Idle;
        item.events.clear();
        item.raw.clear();
        REQUIRE(decoder_.decode(candle(given_++), item.events));
        return Pull::Ready;
    }
    void wait_on(pipeline::WaitSet& waits) override {
        waits.until(std::chrono::steady_clock::now() + std::chrono::seconds(10));
    }
    bool stop_now() override {
        stopped_ = true;
        return true;
    }
    std::string_view name() const override { return "holding"; }

private:
    bool stopped_ = false;
    int given_ = 0;
    event::Decoder decoder_;
};

}  // namespace

TEST_CASE("a recorded file's format is told by its first bytes, a byte-order mark skipped") {
    REQUIRE(sniff_format("{\"type\":\"CANDLE\"}") == RecordFormat::Ndjson);
    REQUIRE(sniff_format("\n  \r\n{") == RecordFormat::Ndjson);
    REQUIRE(sniff_format("\xEF\xBB\xBF{\"type\":\"CANDLE\"}") == RecordFormat::Ndjson);
    REQUIRE(sniff_format("date,open,high,low,close\n") == RecordFormat::Csv);
    REQUIRE(sniff_format("\xEF\xBB\xBF"
                         "date,open") == RecordFormat::Csv);
    REQUIRE(sniff_format("") == RecordFormat::Ndjson);
}

TEST_CASE("an NDJSON source on a quiet pipe is idle and names the pipe, then reads what comes") {
    Pipe p;
    const int fd = p.fd[0];
    diag::BadInput bad;
    NdjsonSource src(p.input(), bad);
    FeedItem item;
    REQUIRE(src.next(item) == Pull::Idle);
    pipeline::WaitSet waits;
    src.wait_on(waits);
    REQUIRE(waits.wait(std::chrono::steady_clock::now()));  // polls once: nothing there
    REQUIRE(waits.fired(fd) == 0);
    p.write(candle(0) + "\n");
    REQUIRE(src.next(item) == Pull::Ready);
    REQUIRE(item.raw == candle(0));
    REQUIRE(item.origin == "pipe");
    REQUIRE(src.next(item) == Pull::Idle);
    p.close_writer();
    REQUIRE(src.next(item) == Pull::End);
}

TEST_CASE("a merge waits while one of its inputs is quiet, then keeps time order") {
    char path[] = "/tmp/sos-merge-XXXXXX";
    const int file_fd = ::mkstemp(path);
    REQUIRE(file_fd >= 0);
    const std::string file_lines = candle(0) + "\n" + candle(2) + "\n";
    REQUIRE(::write(file_fd, file_lines.data(), file_lines.size()) > 0);
    ::close(file_fd);
    Pipe p;
    diag::BadInput bad;
    std::vector<std::unique_ptr<Source>> sources;
    sources.push_back(std::make_unique<NdjsonSource>(ndjson::open_input(path), bad));
    sources.push_back(std::make_unique<NdjsonSource>(p.input(), bad));
    MergeSource merge(std::move(sources));
    FeedItem item;
    // The file has a record at once, but the pipe might still bring an earlier one.
    REQUIRE(merge.next(item) == Pull::Idle);
    p.write(candle(1, "B") + "\n");
    p.close_writer();
    std::vector<std::string> order;
    while (merge.next(item) == Pull::Ready)
        order.push_back(item.raw);
    REQUIRE(order == std::vector<std::string>{candle(0), candle(1, "B"), candle(2)});
    ::unlink(path);
}

TEST_CASE("a source whose read fails throws a read error naming its input") {
    char dir[] = "/tmp/sos-src-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    diag::BadInput bad;
    NdjsonSource src(std::make_unique<ndjson::Endpoint>(::open(dir, O_RDONLY), dir), bad);
    FeedItem item;
    REQUIRE_THROWS_AS(src.next(item), ndjson::ReadError);
    ::rmdir(dir);
}

TEST_CASE("the producing stage ends a failed read as an I/O error, status 74, not an internal one") {
    diag::CaptureForTest capture;
    char dir[] = "/tmp/sos-src-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    diag::BadInput bad;
    NdjsonSource src(std::make_unique<ndjson::Endpoint>(::open(dir, O_RDONLY), dir), bad);
    FeedWriter writer(FeedOptions{}, cal(), bad, nullptr);
    FeedProducer producer(src, writer, false);
    pipeline::StageConfig cfg;
    cfg.out_fd = ::open("/dev/null", O_WRONLY);
    cfg.bad = &bad;
    const auto r = pipeline::run_producer(cfg, producer);
    REQUIRE(r.reason == pipeline::StopReason::ReadFailed);
    REQUIRE(cli::exit_status(r) == cli::kExitIoError);
    REQUIRE_THAT(capture.text(), Catch::Contains(std::string(dir) + ": read failed: Is a directory"));
    REQUIRE_THAT(capture.text(), !Catch::Contains("internal error"));
    ::close(cfg.out_fd);
    ::rmdir(dir);
}

TEST_CASE("what a source gives goes out as soon as it pauses, not when a buffer fills") {
    Pipe in, out;
    diag::BadInput bad;
    NdjsonSource src(in.input(), bad);
    FeedWriter writer(FeedOptions{}, cal(), bad, nullptr);
    FeedProducer producer(src, writer, false);
    pipeline::StageConfig cfg;
    cfg.out_fd = out.fd[1];
    cfg.bad = &bad;
    pipeline::StageOutcome r;
    std::thread stage([&] { r = pipeline::run_producer(cfg, producer); });
    in.write(candle(0) + "\n");
    // The input stays open: the candle must still come out now.
    REQUIRE(read_within(out.fd[0], 5000) == candle(0) + "\n");
    in.write(candle(1) + "\n");
    REQUIRE(read_within(out.fd[0], 5000) == candle(1) + "\n");
    in.close_writer();
    stage.join();
    REQUIRE(r.reason == pipeline::StopReason::EndOfInput);
}

TEST_CASE("a stop signal is seen within milliseconds while the source is busy") {
    pipeline::StopSignals signals;  // before the stage's thread: it inherits the blocked mask
    Endless src;
    diag::BadInput bad;
    FeedWriter writer(FeedOptions{}, cal(), bad, nullptr);
    FeedProducer producer(src, writer, false);
    pipeline::StageConfig cfg;
    cfg.out_fd = ::open("/dev/null", O_WRONLY);
    cfg.signals = &signals;
    pipeline::StageOutcome r;
    std::chrono::steady_clock::time_point ended;
    std::thread stage([&] {
        r = pipeline::run_producer(cfg, producer);
        ended = std::chrono::steady_clock::now();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // busy producing by now
    const auto sent = std::chrono::steady_clock::now();
    REQUIRE(::kill(::getpid(), SIGTERM) == 0);
    stage.join();
    const auto ms = std::chrono::duration<double, std::milli>(ended - sent).count();
    REQUIRE(r.reason == pipeline::StopReason::Signal);
    REQUIRE(cli::exit_status(r) == 128 + SIGTERM);
    // A few milliseconds of the stage's own (a check every millisecond at most); the rest is
    // the scheduler of a loaded machine.
    INFO("stopped " << ms << " ms after the signal");
    REQUIRE(ms < 250);
    ::close(cfg.out_fd);
}

TEST_CASE("a stop signal lets a source hand over what it holds, and an endless one is not drained") {
    pipeline::StopSignals signals;  // before the stage's thread: it inherits the blocked mask
    Pipe out;
    Holding src;
    diag::BadInput bad;
    FeedWriter writer(FeedOptions{}, cal(), bad, nullptr);
    FeedProducer producer(src, writer, false);
    pipeline::StageConfig cfg;
    cfg.out_fd = out.fd[1];
    cfg.signals = &signals;
    pipeline::StageOutcome r;
    std::thread stage([&] { r = pipeline::run_producer(cfg, producer); });
    REQUIRE(read_within(out.fd[0], 200).empty());  // idle, holding its bars
    REQUIRE(::kill(::getpid(), SIGTERM) == 0);
    stage.join();
    REQUIRE(r.reason == pipeline::StopReason::Signal);
    REQUIRE(read_within(out.fd[0], 5000) == candle(0) + "\n" + candle(1) + "\n");

    // Endless says nothing is held: the stop ends it without reading on.
    REQUIRE_FALSE(Endless().stop_now());
}
