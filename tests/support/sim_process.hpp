// The project's OpenAlgo simulator (tests/openalgo-sim) as a child process for C++ tests, as
// openalgo_sim.harness.SimProcess is for Python ones: free ports (the simulator binds port 0),
// the ready file waited for, SIGTERM on destruction (SIGKILL if it hangs). Admin requests
// (faults, the request log) go through a plain blocking libcurl call.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace sos::testing {

class SimProcess {
public:
    // `args` after the port and ready-file options, e.g. {"--session", "always"}.
    explicit SimProcess(std::vector<std::string> args,
                        std::chrono::milliseconds ready_timeout = std::chrono::seconds(120));
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    const std::string& rest() const { return rest_; }  // http://127.0.0.1:PORT
    const std::string& ws() const { return ws_; }      // ws://127.0.0.1:PORT
    int rest_port() const;
    int ws_port() const;

    struct Answer {
        long status = 0;
        std::string body;
    };
    // A request to the REST port ("GET", "/_sim/state"); status 0 when it could not be made.
    Answer call(std::string_view method, std::string_view path, std::string_view body = {}) const;
    Answer fault(std::string_view json) const { return call("POST", "/_sim/fault", json); }
    std::string log() const;  // the simulator's own output, for failure messages

private:
    pid_t pid_ = -1;
    std::string dir_;
    std::string rest_, ws_;
};

// Options for a small, fast simulator: the session always open, one index, no history days.
std::vector<std::string> quick_sim_args(std::vector<std::string> more = {});

}  // namespace sos::testing
