#include "lockfile/account_lock.hpp"

#include "lockfile/lock_place.hpp"
#include "lockfile/process_info.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <thread>

namespace sos::lockfile {

namespace {

// What a holder writes into the lock file once it has the lock: "pid=N\nbroker=NAME\nrest=URL\n".
struct Record {
    pid_t pid = 0;
    std::string broker;
};

std::string read_all(int fd) {
    std::string text;
    char buf[1024];
    for (off_t at = 0; text.size() < 4096;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    return text;
}

Record parse_record(std::string_view text) {
    Record r;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (line.starts_with("pid=")) {
            long pid = 0;
            for (char c : line.substr(4))
                pid = (c >= '0' && c <= '9' && pid < 100000000) ? pid * 10 + (c - '0') : -1;
            r.pid = pid > 0 ? static_cast<pid_t>(pid) : 0;
        } else if (line.starts_with("broker=")) {
            r.broker = std::string(line.substr(7));
        }
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return r;
}

// Who holds the lock on `fd`'s file, and whether that is known for sure: the kernel's lock
// table agrees with the record, or (without a lock table) the record names a live process.
// A holder that has just taken the lock may not have written its record yet.
std::pair<Holder, bool> look_for_holder(int fd) {
    struct stat st {};
    const pid_t kernel = ::fstat(fd, &st) == 0 ? flock_holder(st.st_dev, st.st_ino) : 0;
    const Record rec = parse_record(read_all(fd));
    Holder h;
    bool sure = false;
    if (kernel > 0) {
        h.pid = kernel;
        sure = rec.pid == kernel;
        if (sure) h.broker = rec.broker;
    } else if (rec.pid > 0 && process_exists(rec.pid)) {
        h.pid = rec.pid;
        h.broker = rec.broker;
        sure = true;
    }
    h.this_process = h.pid == ::getpid();
    if (h.pid > 0 && !h.this_process) h.command_line = command_line_of(h.pid);
    return {h, sure};
}

std::string held_message(const LockTarget& target, const Holder& h, const std::string& path) {
    if (h.this_process)
        return fmt::format(
            "broker '{}' ({}) is the OpenAlgo instance this process already trades{}: two entries "
            "of the brokers file name one account (lock {})",
            target.broker, target.rest, h.broker.empty() ? "" : fmt::format(" as '{}'", h.broker), path);
    const std::string who =
        h.pid == 0 ? std::string("another process (its pid could not be learnt)")
                   : fmt::format("pid {} ({}){}", h.pid,
                                 h.command_line.empty() ? "command line not readable" : h.command_line,
                                 h.broker.empty() || h.broker == target.broker
                                     ? ""
                                     : fmt::format(", as broker '{}'", h.broker));
    return fmt::format(
        "broker '{}' ({}) is already traded by another live executor: {}. One executor per "
        "account: stop it first (lock {})",
        target.broker, target.rest, who, path);
}

void write_record(int fd, const LockTarget& target, const std::string& path) {
    const std::string text =
        fmt::format("pid={}\nbroker={}\nrest={}\n", ::getpid(), target.broker, target.rest);
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        throw LockError(fmt::format("cannot write the lock file {}: {}", path, std::strerror(errno)));
}

}  // namespace

AccountLock AccountLock::acquire(const LockTarget& target, const std::string& dir) {
    const std::string path = dir + "/" + lock_file_name(target.rest);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw LockError(fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() {
            if (fd >= 0) ::close(fd);
        }
    } closer{fd};  // on every way out but success
    // A holder is looked up again (5 ms apart, 200 ms at most) only while it is not known for
    // sure: one that has just locked and not yet written its record, or one that just let go.
    constexpr int kLooks = 40;
    for (int look = 1;; ++look) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            write_record(fd, target, path);
            closer.fd = -1;
            return AccountLock(fd, path);
        }
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK)
            throw LockError(fmt::format("cannot lock {}: {}", path, std::strerror(errno)));
        auto [holder, sure] = look_for_holder(fd);
        if (sure || look == kLooks) {
            // The message first: the holder is moved into the exception.
            std::string message = held_message(target, holder, path);
            throw LockHeld(message, std::move(holder));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

AccountLock::AccountLock(AccountLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

AccountLock& AccountLock::operator=(AccountLock&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

AccountLock::~AccountLock() {
    release();
}

void AccountLock::release() noexcept {
    if (fd_ < 0) return;
    // The record goes with the lock; if emptying fails, a stale record is still told apart
    // by the kernel's lock table and by its pid being gone.
    if (::ftruncate(fd_, 0) != 0) {
    }
    ::close(fd_);
    fd_ = -1;
}

}  // namespace sos::lockfile
