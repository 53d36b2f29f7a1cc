// What the latency probes share: a shell command started with pipes to its standard input and
// from its standard output, and the percentiles they print.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace sos::bench {

struct ShellChild {
    pid_t pid = -1;
    int to = -1;    // write here: the command's standard input
    int from = -1;  // read here: its standard output

    // Closes its input, drains its output and waits for it.
    void finish() {
        char buf[65536];
        close(to);
        while (read(from, buf, sizeof buf) > 0) {
        }
        close(from);
        waitpid(pid, nullptr, 0);
    }
};

// `sh -c cmd`; pid -1 when the pipes or the fork failed.
inline ShellChild start_shell(const char* cmd) {
    int to_child[2], from_child[2];
    if (pipe(to_child) || pipe(from_child)) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        close(to_child[1]);
        close(from_child[0]);
        execl("/bin/sh", "sh", "-c", cmd, static_cast<char*>(nullptr));
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    return {pid, to_child[1], from_child[0]};
}

// p50 p99 p99.9 max of the samples, in their unit, on one line.
inline void print_percentiles(std::vector<double> v) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    auto pct = [&](double p) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
    };
    std::printf("%8.1f %8.1f %8.1f %8.1f\n", pct(0.50), pct(0.99), pct(0.999), v.back());
}

}  // namespace sos::bench
