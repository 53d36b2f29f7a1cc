#include "control/client.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "control/line_io.hpp"

namespace sos::control {

namespace {

// A socket descriptor closed however the call ends.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

void connect_to(int fd, const std::string& path, Deadline deadline) {
    const sockaddr_un addr = unix_address(path);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return;
    if (errno == ECONNREFUSED || errno == ENOENT)
        throw SocketError(SocketError::Kind::NotFound, path + ": nobody is listening (the tool has ended?)");
    if (errno != EAGAIN && errno != EINPROGRESS)
        throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", path, std::strerror(errno)));
    // A full backlog: wait for room until the deadline.
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            throw SocketError(SocketError::Kind::Io, path + ": no room to connect in time");
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) > 0) {
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == 0) return;
            throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", path, std::strerror(err)));
        }
    }
}

}  // namespace

Answer send_text(const std::string& path, const std::string& request, std::chrono::milliseconds timeout) {
    if (auto why = distrust(path); !why.empty()) throw SocketError(SocketError::Kind::Unsafe, why);
    const Deadline deadline = std::chrono::steady_clock::now() + timeout;
    Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
    if (s.fd < 0) throw SocketError(SocketError::Kind::Io, fmt::format("socket: {}", std::strerror(errno)));
    connect_to(s.fd, path, deadline);
    try {
        write_line(s.fd, request, deadline);
    } catch (const SocketError&) {
        // The tool may have refused us (another user) and closed: its word is the answer.
    }
    std::string line;
    try {
        line = read_line(s.fd, deadline);
    } catch (const SocketError& e) {
        throw SocketError(SocketError::Kind::Io, path + ": " + e.what());
    }
    try {
        return parse_answer(line);
    } catch (const std::runtime_error& e) {
        throw SocketError(SocketError::Kind::Io, path + ": " + e.what());
    }
}

Answer send(const std::string& path, const Command& command, std::chrono::milliseconds timeout) {
    return send_text(path, request_text(command), timeout);
}

}  // namespace sos::control
