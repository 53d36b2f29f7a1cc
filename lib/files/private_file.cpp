#include "files/private_file.hpp"

#include <algorithm>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sos::files {

namespace {

PrivateFile refused(PrivateFileProblem problem, std::string error) {
    PrivateFile f;
    f.problem = problem;
    f.error = std::move(error);
    return f;
}

}  // namespace

void wipe(std::string& s) noexcept {
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i)
        p[i] = 0;
    s.clear();
}

PrivateFile read_private(const std::string& path, std::size_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return refused(PrivateFileProblem::CannotRead,
                       fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return refused(PrivateFileProblem::NotRegular, fmt::format("{} is not a regular file", path));
    if ((st.st_mode & 077) != 0)
        return refused(
            PrivateFileProblem::ReadableByOthers,
            fmt::format("{} can be read by others (mode {:04o}): make it owner-only with chmod 600 {}", path,
                        st.st_mode & 07777, path));
    if (st.st_uid != ::geteuid())
        return refused(PrivateFileProblem::OtherOwner, fmt::format("{} belongs to another user", path));
    PrivateFile f;
    f.text.assign(limit + 1, '\0');
    std::size_t got = 0;
    while (got < f.text.size()) {
        const ssize_t n = ::read(fd, f.text.data() + got, f.text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            wipe(f.text);
            return refused(PrivateFileProblem::CannotRead,
                           fmt::format("cannot read {}: {}", path, std::strerror(err)));
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > limit) {
        wipe(f.text);
        return refused(PrivateFileProblem::TooLong, "");
    }
    f.text.resize(got);
    return f;
}

std::string trimmed_secret(std::string secret, bool* inner_blank) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t a = 0, b = secret.size();
    while (a < b && blank(secret[a]))
        ++a;
    while (b > a && blank(secret[b - 1]))
        --b;
    if (inner_blank) *inner_blank = std::any_of(secret.begin() + a, secret.begin() + b, blank);
    std::string out = secret.substr(a, b - a);
    wipe(secret);
    return out;
}

}  // namespace sos::files
