#include "control/server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "control/handler.hpp"
#include "control/line_io.hpp"
#include "control/socket_path.hpp"
#include "diag/log.hpp"

namespace sos::control {

namespace {

constexpr auto kRequestTime = std::chrono::seconds(5);

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A socket left at `path` by a process that is gone (SIGKILL, a crash) is removed; a socket
// someone answers on, or anything that is not a socket, stays and is refused.
void clear_stale(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return;
    if (!S_ISSOCK(st.st_mode))
        throw SocketError(SocketError::Kind::Unsafe, path + ": exists and is not a socket");
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_un addr = unix_address(path);
    const bool answered =
        fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    if (fd >= 0) ::close(fd);
    if (answered) throw SocketError(SocketError::Kind::Io, path + ": another process is listening on it");
    ::unlink(path.c_str());
}

int listen_at(const std::string& path) {
    const sockaddr_un addr = unix_address(path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw SocketError(SocketError::Kind::Io, fmt::format("socket: {}", std::strerror(errno)));
    // The directory is owner-only already; the socket is made so too before anyone may enter.
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::chmod(path.c_str(), 0600) != 0 || ::listen(fd, 8) != 0) {
        const int e = errno;
        ::close(fd);
        throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", path, std::strerror(e)));
    }
    return fd;
}

Peer peer_of(int fd) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
        throw SocketError(SocketError::Kind::Io, fmt::format("SO_PEERCRED: {}", std::strerror(errno)));
    return Peer{cred.uid, cred.pid};
}

time::Timestamp wall_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}

}  // namespace

Server::Server(std::string path, bool create_dir, std::string tool, pipeline::Injector& injector, bool live)
    : path_(std::move(path)), tool_(std::move(tool)), injector_(injector), live_(live) {
    ensure_private_dir(parent_of(path_), create_dir);
    clear_stale(path_);
    listen_fd_ = listen_at(path_);
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0) {
        ::close(listen_fd_);
        ::unlink(path_.c_str());
        throw SocketError(SocketError::Kind::Io, fmt::format("eventfd: {}", std::strerror(errno)));
    }
    thread_ = std::thread([this] { run(); });
}

Server::~Server() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(stop_fd_, &one, sizeof one);
    thread_.join();
    ::close(listen_fd_);
    ::close(stop_fd_);
    ::unlink(path_.c_str());
}

void Server::run() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            diag::error("control: poll: {}", std::strerror(errno));
            return;
        }
        if (fds[1].revents) return;
        if (!fds[0].revents) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) continue;  // gone before we took it, or out of descriptors for a moment
        try {
            serve(fd);
        } catch (const SocketError& e) {
            if (e.what() != kClosedWithoutAWord) diag::warn("control: {}: {}", path_, e.what());
        }
        ::close(fd);
    }
}

void Server::serve(int fd) {
    const Deadline deadline = std::chrono::steady_clock::now() + kRequestTime;
    const Peer peer = peer_of(fd);
    if (peer.uid != ::geteuid()) {
        diag::warn("control: refused a connection from uid {} (pid {}): only uid {} may control this tool",
                   peer.uid, peer.pid, ::geteuid());
        Answer no{
            false,
            {},
            "PEER",
            fmt::format("refused: uid {} is not the owner (uid {}) of this tool", peer.uid, ::geteuid()),
            {},
            {}};
        write_line(fd, answer_text(no), deadline);
        return;
    }
    const std::string request = read_line(fd, deadline);
    const Answer a = handle_request(request, peer, tool_, injector_, wall_now(), live_);
    write_line(fd, answer_text(a), deadline);
}

}  // namespace sos::control
