#include "lockfile/process_info.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <sys/sysmacros.h>

namespace sos::lockfile {

std::string command_line_of(pid_t pid, std::size_t limit) {
    if (pid <= 0) return {};
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    if (!in) return {};
    // Read one character past the limit to know whether anything was cut.
    std::string raw;
    raw.reserve(limit + 1);
    for (char c; raw.size() <= limit && in.get(c);)
        raw.push_back(c);
    const bool cut = raw.size() > limit;
    if (cut) raw.resize(limit);
    while (!raw.empty() && raw.back() == '\0')
        raw.pop_back();
    for (char& c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\0')
            c = ' ';
        else if (u < 0x20 || u == 0x7f)
            c = '?';
    }
    if (cut) raw += "...";
    return raw;
}

bool process_exists(pid_t pid) {
    if (pid <= 0) return false;
    // EPERM: it exists but belongs to someone else.
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

pid_t flock_holder(dev_t device, ino_t inode) {
    std::ifstream in("/proc/locks");
    // "1: FLOCK  ADVISORY  WRITE 12244 fe:00:10952803 0 EOF"; a waiter's line has "->" after
    // the number and is skipped. The device is the superblock's, major:minor in hex.
    const std::string want = fmt::format("{:02x}:{:02x}:{}", major(device), minor(device), inode);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string id, kind, advisory, access, dev_ino;
        long pid = 0;
        if (!(words >> id >> kind) || kind != "FLOCK") continue;
        if (!(words >> advisory >> access >> pid >> dev_ino)) continue;
        if (dev_ino == want && pid > 0) return static_cast<pid_t>(pid);
    }
    return 0;
}

}  // namespace sos::lockfile
