// A progress bar with rate and ETA on stderr, drawn only when stderr is a terminal (a pipe or
// a log file gets nothing), redrawn at most a few times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sos::diag {

class Progress {
public:
    // `total` in the caller's unit (bytes, bars); `unit` labels the rate.
    Progress(std::string label, std::uint64_t total, std::string unit, bool enabled);
    ~Progress();
    void update(std::uint64_t done);
    void finish();
    bool active() const { return enabled_; }
    static bool stderr_is_terminal();

private:
    std::string label_, unit_;
    std::uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace sos::diag
