#include "ndjson/unix_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ndjson/endpoint.hpp"

namespace sos::ndjson {

namespace {

using Kind = EndpointError::Kind;

bool is_socket_path(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

sockaddr_un socket_address(const std::string& path, Kind kind) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) throw EndpointError(path + ": socket path too long", kind);
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

std::string why(const std::string& path, const char* what) {
    return path + ": " + what + ": " + std::strerror(errno);
}

}  // namespace

int connect_unix_socket(const std::string& path, int attempts) {
    sockaddr_un addr = socket_address(path, Kind::NoInput);
    // The writer may still be starting: retry for a few seconds before giving up.
    for (int attempt = 0;; ++attempt) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw EndpointError(why(path, "socket"), Kind::NoInput);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
        int err = errno;
        ::close(fd);
        if ((err != ENOENT && err != ECONNREFUSED) || attempt >= attempts) {
            errno = err;
            throw EndpointError(why(path, "cannot connect"), Kind::NoInput);
        }
        ::usleep(100'000);
    }
}

int listen_unix_socket(const std::string& path) {
    sockaddr_un addr = socket_address(path, Kind::CantCreate);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw EndpointError(why(path, "socket"), Kind::CantCreate);
    if (is_socket_path(path)) ::unlink(path.c_str());  // a stale socket from an earlier run
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
        const int err = errno;
        ::close(fd);
        errno = err;
        throw EndpointError(why(path, "cannot listen"), Kind::CantCreate);
    }
    return fd;
}

int accept_one_unix(const std::string& path) {
    const int fd = listen_unix_socket(path);
    int client;
    do {
        client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    } while (client < 0 && errno == EINTR);
    const int err = errno;
    ::close(fd);
    ::unlink(path.c_str());
    errno = err;
    if (client < 0) throw EndpointError(why(path, "accept"), Kind::CantCreate);
    return client;
}

}  // namespace sos::ndjson
