#include "net/ready_signal.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace sos::net {

ReadySignal::ReadySignal() {
    fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

ReadySignal::~ReadySignal() {
    if (fd_ >= 0) ::close(fd_);
}

void ReadySignal::raise() {
    const std::uint64_t one = 1;
    // Cannot fail short of a counter overflow, which callers' once-per-pass raising rules out.
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
}

void ReadySignal::lower() {
    std::uint64_t value;
    [[maybe_unused]] auto n = ::read(fd_, &value, sizeof value);  // EAGAIN when already low
}

}  // namespace sos::net
