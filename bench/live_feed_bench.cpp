// How many ticks a second one `sos-feed live` takes, the whole process: an OpenAlgo instance
// of our own (a local sender answering authenticate and subscribe, then writing N pre-built
// quote-mode market_data frames as fast as the socket takes them: never the bottleneck) feeds
// sos-feed live, which decodes every frame and folds it into 1m, 5m and 15m candles. The
// frames are counted by sos-feed's own HEALTH lines ("in"), so nothing is assumed.
//
//   live_feed_bench SOS_FEED N [--cpus LIST] [--tf TFS]
//
// Prints one JSON line: frames, lost (frames sos-feed's queue dropped because it fell behind),
// wall seconds from the first frame sent to the last one counted, and the CPU seconds (user
// and system, all of sos-feed's threads, from wait4) it spent; with --cpus sos-feed runs on
// those cores only (taskset's list form, "0": one core). bench/run prints the frames per CPU
// second beside the decoder alone (live_bench) and the same bytes on a bare socket (net_bench).
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "ws_test_server.hpp"

using namespace std::chrono_literals;

namespace {

constexpr int kSymbols = 50;
constexpr long kSessionOpenMs = 1704685500000;  // 2024-01-08 09:15 IST

std::string symbol(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "STOCK%02d", i);
    return buf;
}

// N quote frames as Zerodha's adapter sends them, in time order over the first ten minutes of
// a session, as the server frames (unmasked) the sender writes. A pre-open print of each symbol
// comes first, as for a feed started before the open: no bar is then held for /history.
std::string make_burst(long n) {
    std::string burst;
    std::vector<double> px(kSymbols, 500), cum(kSymbols, 0);
    std::uint64_t r = 7;
    for (long i = -kSymbols; i < n - kSymbols; ++i) {
        const int s = static_cast<int>((i + kSymbols) % kSymbols);
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        px[s] = std::max(1.0, px[s] + static_cast<double>(static_cast<int>(r >> 60) - 7) * 0.05);
        cum[s] += static_cast<double>(1 + (r >> 54) % 200);
        const long ltt = i < 0 ? kSessionOpenMs - 1000 : kSessionOpenMs + i * 600'000 / n;
        char frame[600];
        const int len = std::snprintf(
            frame, sizeof frame,
            R"({"type":"market_data","symbol":"%s","exchange":"NSE","mode":2,"broker":"zerodha",)"
            R"("data":{"symbol":"%s","exchange":"NSE","mode":"quote","ltp":%.2f,"ltt":%ld,"timestamp":%ld,)"
            R"("volume":%.0f,"last_quantity":%d,"average_price":501.27,"total_buy_quantity":120500,)"
            R"("total_sell_quantity":98700,"open":500.0,"high":512.35,"low":488.1,"close":499.5}})",
            symbol(s).c_str(), symbol(s).c_str(), px[s], ltt, ltt + 12, cum[s],
            static_cast<int>(1 + (r >> 40) % 50));
        burst += sos::testing::encode_server_frame(1, std::string_view(frame, static_cast<std::size_t>(len)));
    }
    return burst;
}

double monotonic_now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The instance: accepts sos-feed's connection, answers authenticate and subscribe as OpenAlgo
// does, writes the burst, and tells the parent on `started` when it began. Stays until closed.
pid_t start_instance(sos::testing::WsTestServer& server, const std::string& burst, int started) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    auto peer = server.accept(60s);
    if (!peer.valid() || !peer.handshake(30s)) _exit(1);
    if (!peer.read_text(30s)) _exit(2);  // authenticate
    peer.send_text(R"({"type":"auth","status":"success","message":"Authentication successful",)"
                   R"("broker":"zerodha","user_id":"bench"})");
    if (!peer.read_text(30s)) _exit(3);  // subscribe
    std::string ack = R"({"type":"subscribe","status":"success","subscriptions":[)";
    for (int i = 0; i < kSymbols; ++i)
        ack += (i ? "," : "") + std::string(R"({"symbol":")") + symbol(i) +
               R"(","exchange":"NSE","status":"success","mode":"Quote"})";
    ack += R"(],"message":"Subscription processing complete","broker":"zerodha"})";
    peer.send_text(ack);
    const double t0 = monotonic_now();
    if (write(started, &t0, sizeof t0) != sizeof t0) _exit(4);
    if (!peer.send_raw(burst)) _exit(5);
    peer.wait_closed(600s);
    _exit(0);
}

// The number after "key": in a line, or -1.
long field(const std::string& line, const char* key) {
    const auto at = line.find(key);
    if (at == std::string::npos) return -1;
    return std::atol(line.c_str() + at + std::strlen(key));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: live_feed_bench SOS_FEED N [--cpus LIST] [--tf TFS]\n");
        return 64;
    }
    const std::string feed = argv[1];
    const long n = std::atol(argv[2]);
    std::string cpus, tfs = "1m,5m,15m";
    for (int i = 3; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--cpus") == 0) cpus = argv[i + 1];
        if (std::strcmp(argv[i], "--tf") == 0) tfs = argv[i + 1];
    }
    const std::string burst = make_burst(n);

    char dir[] = "/tmp/sos-live-bench-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    const std::string brokers = std::string(dir) + "/brokers.json";
    sos::testing::WsTestServer server;
    // REST goes nowhere: nothing is asked of it (no gap, no bar held for /history).
    std::ofstream(brokers) << R"({"brokers": {"bench": {"rest": "http://127.0.0.1:)"
                           << sos::testing::refused_port() << R"(", "ws": ")" << server.url()
                           << R"(", "api_key_env": "SOS_BENCH_KEY"}}})";
    std::string symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols += (i ? ",NSE:" : "NSE:") + symbol(i);

    int started[2], out[2];
    if (pipe(started) || pipe(out)) return 1;
    const pid_t instance = start_instance(server, burst, started[1]);
    const pid_t child = fork();
    if (child == 0) {
        dup2(out[1], 1);
        close(out[0]);
        std::freopen("/dev/null", "w", stderr);
        setenv("SOS_BENCH_KEY", "bench-key", 1);
        std::vector<std::string> args = {
            "taskset", "-c",           cpus,    feed,     "live", "--brokers",      brokers, "--feed",
            "bench",   "--symbols",    symbols, "--tf",   tfs,    "--health-every", "0.2",   "--stall-after",
            "600",     "--poll-every", "0",     "--seed", "1"};
        std::vector<char*> argvv;
        for (std::size_t i = cpus.empty() ? 3 : 0; i < args.size(); ++i)
            argvv.push_back(args[i].data());
        argvv.push_back(nullptr);
        execvp(argvv[0], argvv.data());
        _exit(127);
    }
    close(out[1]);
    double t0 = 0;
    if (read(started[0], &t0, sizeof t0) != sizeof t0) return 1;

    // Lines from sos-feed until its HEALTH counts every frame in (or nothing moves for 10 s).
    std::string pending;
    char buf[65536];
    long in = 0, last_in = -1, candles = 0;
    double done_at = 0, moved_at = monotonic_now();
    while (in < n && monotonic_now() - moved_at < 10) {
        const ssize_t got = read(out[0], buf, sizeof buf);
        if (got <= 0) break;
        pending.append(buf, static_cast<std::size_t>(got));
        std::size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            const std::string line = pending.substr(0, nl);
            pending.erase(0, nl + 1);
            if (line.find("\"type\":\"CANDLE\"") != std::string::npos) ++candles;
            if (line.find("\"type\":\"HEALTH\"") == std::string::npos) continue;
            in = field(line, "\"in\":");
            if (in != last_in) {
                last_in = in;
                moved_at = monotonic_now();
            }
            if (in >= n) done_at = monotonic_now();
        }
    }
    kill(child, SIGTERM);
    while (read(out[0], buf, sizeof buf) > 0) {
    }
    int status = 0;
    rusage ru{};
    wait4(child, &status, 0, &ru);
    kill(instance, SIGTERM);
    waitpid(instance, nullptr, 0);
    std::remove(brokers.c_str());
    rmdir(dir);
    const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                       static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    std::printf(
        R"({"frames":%ld,"counted":%ld,"lost":%ld,"wall_s":%.3f,"cpu_s":%.3f,"candles":%ld,"cpus":"%s"})"
        "\n",
        n, in, n - in, done_at > 0 ? done_at - t0 : -1.0, cpu, candles, cpus.c_str());
    return in >= n ? 0 : 1;
}
