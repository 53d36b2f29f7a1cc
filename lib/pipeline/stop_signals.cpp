#include "pipeline/stop_signals.hpp"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace sos::pipeline {

StopSignals::StopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    fd_ = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("signalfd failed");
}

StopSignals::~StopSignals() {
    if (fd_ >= 0) ::close(fd_);
}

bool StopSignals::requested() {
    if (signo_) return true;
    signalfd_siginfo info{};
    if (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
        signo_.store(static_cast<int>(info.ssi_signo));
    return signo_ != 0;
}

bool StopSignals::sleep_for(std::chrono::nanoseconds d) {
    if (requested()) return false;
    auto deadline = std::chrono::steady_clock::now() + d;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left.count() <= 0) return !requested();
        pollfd p{fd_, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r > 0 && requested()) return false;
        if (r < 0 && errno != EINTR) return !requested();
    }
}

}  // namespace sos::pipeline
