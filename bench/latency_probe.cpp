// Per-hop latency of a pipeline when lines arrive one at a time, as in a live feed: writes a
// line into `sh -c CMD`, waits until it comes out of the other end, records the time, pauses,
// and repeats. Prints p50, p99, p99.9 and max in microseconds.
//   latency_probe SAMPLES GAP_MICROSECONDS 'sos-feed replay | sos-feed replay'
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "shell_child.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: latency_probe SAMPLES GAP_US COMMAND\n");
        return 64;
    }
    const int samples = std::atoi(argv[1]);
    const int gap_us = std::atoi(argv[2]);
    auto child = sos::bench::start_shell(argv[3]);
    if (child.pid < 0) return 1;
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(samples));
    std::string pending;
    char buf[65536];
    const int warmup = 200;
    for (int i = 0; i < samples + warmup; ++i) {
        std::string line =
            "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
            ",\"symbol\":\"NIFTY\",\"tf\":\"1m\",\"o\":21700,\"h\":21720,\"l\":21690,\"c\":21710,\"v\":" +
            std::to_string(i) + "}\n";
        auto t0 = std::chrono::steady_clock::now();
        if (write(child.to, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
        // Wait for the line to come out at the far end.
        while (pending.find('\n') == std::string::npos) {
            ssize_t n = read(child.from, buf, sizeof buf);
            if (n <= 0) {
                std::fprintf(stderr, "latency_probe: pipeline ended early\n");
                return 1;
            }
            pending.append(buf, static_cast<std::size_t>(n));
        }
        auto t1 = std::chrono::steady_clock::now();
        pending.erase(0, pending.find('\n') + 1);
        if (i >= warmup) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        if (gap_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    }
    child.finish();
    sos::bench::print_percentiles(us);
    return 0;
}
