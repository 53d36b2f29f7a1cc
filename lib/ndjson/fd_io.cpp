#include "ndjson/fd_io.hpp"

#include <unistd.h>
#include <cerrno>
#include <csignal>

namespace sos::ndjson {

long read_some(int fd, char* buf, std::size_t n) {
    for (;;) {
        ssize_t r = ::read(fd, buf, n);
        if (r >= 0) return static_cast<long>(r);
        if (errno != EINTR) return -1;
    }
}

WriteStatus write_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno == EPIPE ? WriteStatus::Closed : WriteStatus::Error;
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return WriteStatus::Ok;
}

void ignore_sigpipe() {
    std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace sos::ndjson
