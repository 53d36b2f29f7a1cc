#include "control/line_io.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "control/socket_path.hpp"

namespace sos::control {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw SocketError(SocketError::Kind::Io, what);
}

// Waits until `fd` is ready for `events` or the deadline passes (then throws).
void wait_for(int fd, short events, Deadline deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) fail("no answer in time");
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (r > 0) return;
        if (r < 0 && errno != EINTR) fail(fmt::format("poll: {}", std::strerror(errno)));
    }
}

}  // namespace

std::string read_line(int fd, Deadline deadline) {
    std::string line;
    char buf[4096];
    for (;;) {
        wait_for(fd, POLLIN, deadline);
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            fail(fmt::format("read: {}", std::strerror(errno)));
        }
        if (n == 0) fail(line.empty() ? std::string(kClosedWithoutAWord) : "the line was cut short");
        const std::string_view got(buf, static_cast<std::size_t>(n));
        if (const auto nl = got.find('\n'); nl != std::string_view::npos) {
            line.append(got.substr(0, nl));
            return line;
        }
        line.append(got);
        if (line.size() > kMaxLine) fail("a line longer than 64 KiB");
    }
}

void write_line(int fd, std::string_view text, Deadline deadline) {
    std::string all(text);
    all.push_back('\n');
    std::size_t done = 0;
    while (done < all.size()) {
        wait_for(fd, POLLOUT, deadline);
        const ssize_t n = ::send(fd, all.data() + done, all.size() - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            fail(fmt::format("write: {}", std::strerror(errno)));
        }
        done += static_cast<std::size_t>(n);
    }
}

sockaddr_un unix_address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path)
        fail(path + ": a socket path longer than " + std::to_string(sizeof addr.sun_path - 1) + " bytes");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

}  // namespace sos::control
