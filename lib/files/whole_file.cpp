#include "files/whole_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace sos::files {

std::string size_words(std::size_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB"};
    int u = 0;
    while (u < 3 && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        ++u;
    }
    return std::to_string(bytes) + " " + units[u];
}

namespace {

WholeFile failure(std::string why, int error_number = 0) {
    WholeFile f;
    f.error = std::move(why);
    f.error_number = error_number;
    return f;
}

std::string too_large(std::size_t limit) {
    return "larger than the limit of " + size_words(limit) + " for this kind of file";
}

}  // namespace

WholeFile read_whole(const std::string& path, std::size_t limit) {
    // Non-blocking open: a FIFO nobody writes to opens at once (and reads as empty).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return failure(std::string("cannot open: ") + std::strerror(errno), errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return failure(std::string("cannot read: ") + std::strerror(e), e);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return failure("a folder, not a file", EISDIR);
    }
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit) {
        ::close(fd);
        return failure(too_large(limit), EFBIG);
    }
    // Blocking again for the reads: a pipe with a writer is read to its end.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    WholeFile f;
    std::size_t have = 0;
    f.text.resize(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 64 << 10);
    for (;;) {
        if (have == f.text.size()) f.text.resize(std::min(f.text.size() * 2, limit + 1));
        const ssize_t n = ::read(fd, f.text.data() + have, f.text.size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            return failure(std::string("cannot read: ") + std::strerror(e), e);
        }
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
        if (have > limit) {
            ::close(fd);
            return failure(too_large(limit), EFBIG);
        }
    }
    ::close(fd);
    f.text.resize(have);
    return f;
}

}  // namespace sos::files
