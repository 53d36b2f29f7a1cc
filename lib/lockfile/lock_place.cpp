#include "lockfile/lock_place.hpp"

#include "lockfile/lock_error.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace sos::lockfile {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = lower(c);
    return out;
}

std::string_view trim_slashes(std::string_view s) {
    while (!s.empty() && s.back() == '/')
        s.remove_suffix(1);
    return s;
}

// The names a client on this machine reaches its own loopback by. Other 127.x addresses are
// left apart: an instance may be bound to one of them alone.
bool loopback(std::string_view host) {
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1";
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

void make_folder(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw LockError(fmt::format("cannot create the lock folder {}: {}", dir, std::strerror(errno)));
}

// A folder that is a folder; for the shared /tmp fallback also ours and closed to others.
void check_folder(const std::string& dir, bool must_be_private) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0)
        throw LockError(fmt::format("cannot use the lock folder {}: {}", dir, std::strerror(errno)));
    if (!S_ISDIR(st.st_mode)) throw LockError(fmt::format("the lock folder {} is not a folder", dir));
    if (must_be_private && (st.st_uid != ::getuid() || (st.st_mode & 022) != 0))
        throw LockError(
            fmt::format("the lock folder {} belongs to another user or others may write in it; "
                        "remove it, or give --lock-dir",
                        dir));
}

}  // namespace

std::string instance_key(std::string_view rest_url) {
    const auto sep = rest_url.find("://");
    if (sep == std::string_view::npos) return std::string(trim_slashes(rest_url));
    const std::string scheme = lowered(rest_url.substr(0, sep));
    std::string_view rest = rest_url.substr(sep + 3);
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    path = trim_slashes(path);
    if (path.ends_with("/api/v1")) path.remove_suffix(7);
    path = trim_slashes(path);

    // An IPv6 literal keeps its brackets; the port is what follows the last ':' after them.
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    std::string host = lowered(has_port ? authority.substr(0, colon) : authority);
    std::string port = has_port ? std::string(authority.substr(colon + 1)) : "";
    if (port.empty()) port = scheme == "https" ? "443" : "80";
    if (loopback(host)) host = "loopback";
    return host + ":" + port + std::string(path);
}

std::string lock_file_name(std::string_view rest_url) {
    const std::string key = instance_key(rest_url);
    std::string safe;
    for (char c : key) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '.' || c == '-';
        safe.push_back(keep ? c : (c == ':' ? '-' : '_'));
    }
    constexpr std::size_t kMaxKept = 160;  // well inside NAME_MAX (255) with the rest of the name
    if (safe.size() > kMaxKept) safe = fmt::format("{}-{:016x}", safe.substr(0, kMaxKept), fnv1a(key));
    return "account-" + safe + ".lock";
}

std::string lock_dir(const std::string& option) {
    if (!option.empty()) {
        make_folder(option);
        check_folder(option, false);
        return option;
    }
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    if (runtime != nullptr && *runtime == '/') {
        const std::string dir = std::string(runtime) + "/sos";
        make_folder(dir);
        check_folder(dir, false);
        return dir;
    }
    const std::string dir = fmt::format("/tmp/sos-{}", ::getuid());
    make_folder(dir);
    check_folder(dir, true);
    return dir;
}

}  // namespace sos::lockfile
