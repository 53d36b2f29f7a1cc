#include "ndjson/endpoint.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sos::ndjson {

namespace {

bool is_socket_path(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

sockaddr_un socket_address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) throw EndpointError(path + ": socket path too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

std::string why(const std::string& path, const char* what) {
    return path + ": " + what + ": " + std::strerror(errno);
}

}  // namespace

int connect_unix_socket(const std::string& path, int attempts) {
    sockaddr_un addr = socket_address(path);
    // The writer may still be starting: retry for a few seconds before giving up.
    for (int attempt = 0;; ++attempt) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw EndpointError(why(path, "socket"));
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
        int err = errno;
        ::close(fd);
        if ((err != ENOENT && err != ECONNREFUSED) || attempt >= attempts) {
            errno = err;
            throw EndpointError(why(path, "cannot connect"));
        }
        ::usleep(100'000);
    }
}

int listen_unix_socket(const std::string& path) {
    sockaddr_un addr = socket_address(path);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw EndpointError(why(path, "socket"), true);
    if (is_socket_path(path)) ::unlink(path.c_str());  // a stale socket from an earlier run
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw EndpointError(why(path, "cannot listen"), true);
    }
    if (::listen(fd, 1) != 0) {
        ::close(fd);
        throw EndpointError(why(path, "cannot listen"), true);
    }
    return fd;
}

namespace {

int listen_unix(const std::string& path) {
    const int fd = listen_unix_socket(path);
    int client;
    do {
        client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    } while (client < 0 && errno == EINTR);
    ::close(fd);
    ::unlink(path.c_str());
    if (client < 0) throw EndpointError(why(path, "accept"), true);
    return client;
}

}  // namespace

int open_input(const std::string& spec) {
    if (spec.empty() || spec == "-") return STDIN_FILENO;
    if (spec.rfind("unix:", 0) == 0) return connect_unix_socket(spec.substr(5));
    if (is_socket_path(spec)) return connect_unix_socket(spec);
    int fd = ::open(spec.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw EndpointError(why(spec, "cannot open"));
    return fd;
}

int open_output(const std::string& spec) {
    if (spec.empty() || spec == "-") return STDOUT_FILENO;
    if (spec.rfind("unix:", 0) == 0) return listen_unix(spec.substr(5));
    int fd = ::open(spec.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw EndpointError(why(spec, "cannot create"), true);
    return fd;
}

std::string source_name(const std::string& spec) {
    if (spec.empty() || spec == "-") return {};
    return spec;
}

}  // namespace sos::ndjson
