#include "pipeline/wait_set.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>

namespace sos::pipeline {

void WaitSet::add(int fd, short events) {
    for (auto& p : fds_)
        if (p.fd == fd) {
            p.events = static_cast<short>(p.events | events);
            return;
        }
    fds_.push_back({fd, events, 0});
}

void WaitSet::until(Clock::time_point t) {
    deadline_ = std::min(deadline_, t);
}

short WaitSet::fired(int fd) const {
    for (const auto& p : fds_)
        if (p.fd == fd) return p.revents;
    return 0;
}

void WaitSet::clear() {
    fds_.clear();
    deadline_ = Clock::time_point::max();
    timed_out_ = false;
}

bool WaitSet::wait(Clock::time_point cap) {
    const auto until = std::min(deadline_, cap);
    for (;;) {
        int timeout = -1;
        if (until != Clock::time_point::max()) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
            timeout = static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
        }
        const int r = ::poll(fds_.data(), fds_.size(), timeout);
        if (r < 0 && errno == EINTR) continue;
        timed_out_ = r == 0;
        return r >= 0;
    }
}

}  // namespace sos::pipeline
