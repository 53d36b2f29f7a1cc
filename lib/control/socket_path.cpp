#include "control/socket_path.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sos::control {

namespace {

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Why a directory or socket with this stat is not to be trusted; empty when it may be.
std::string owner_only(const struct stat& st, const std::string& what) {
    if (st.st_uid != ::geteuid())
        return fmt::format("{} belongs to uid {}, not to this user (uid {})", what, st.st_uid, ::geteuid());
    if (st.st_mode & 077) return fmt::format("{} is open to others (mode {:04o})", what, st.st_mode & 07777);
    return {};
}

bool process_alive(pid_t pid) {
    return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

}  // namespace

std::string auto_dir() {
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    if (xdg && *xdg == '/') return std::string(xdg) + "/sos";
    return fmt::format("/tmp/sos-{}", ::geteuid());
}

std::string auto_path(std::string_view tool, pid_t pid) {
    return fmt::format("{}/{}.{}.sock", auto_dir(), tool, pid);
}

void ensure_private_dir(const std::string& dir, bool create) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0) {
        if (errno != ENOENT || !create)
            throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", dir, std::strerror(errno)));
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
            throw SocketError(SocketError::Kind::Io,
                              fmt::format("{}: cannot create: {}", dir, std::strerror(errno)));
        if (::lstat(dir.c_str(), &st) != 0)
            throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", dir, std::strerror(errno)));
    }
    if (!S_ISDIR(st.st_mode)) throw SocketError(SocketError::Kind::Unsafe, dir + ": not a directory");
    if (auto why = owner_only(st, "directory " + dir); !why.empty())
        throw SocketError(SocketError::Kind::Unsafe,
                          why + ": use a directory only you can enter (chmod 700)");
}

std::string distrust(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            throw SocketError(SocketError::Kind::NotFound, path + ": no such control socket");
        throw SocketError(SocketError::Kind::Io, fmt::format("{}: {}", path, std::strerror(errno)));
    }
    if (!S_ISSOCK(st.st_mode)) return path + " is not a socket";
    if (auto why = owner_only(st, "socket " + path); !why.empty()) return why;
    struct stat dst {};
    const std::string dir = parent_of(path);
    if (::stat(dir.c_str(), &dst) != 0) return fmt::format("{}: {}", dir, std::strerror(errno));
    return owner_only(dst, "its directory " + dir);
}

std::vector<std::string> find_sockets(std::string_view tool) {
    std::vector<std::string> found;
    const std::string dir = auto_dir();
    DIR* d = ::opendir(dir.c_str());
    if (!d) return found;
    const std::string prefix = std::string(tool) + ".";
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (!name.starts_with(prefix) || !name.ends_with(".sock")) continue;
        const auto digits = name.substr(prefix.size(), name.size() - prefix.size() - 5);
        if (digits.empty() ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        // A tool killed with SIGKILL leaves its socket behind: only a running one counts.
        if (process_alive(static_cast<pid_t>(std::strtol(std::string(digits).c_str(), nullptr, 10))))
            found.push_back(dir + "/" + std::string(name));
    }
    ::closedir(d);
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace sos::control
