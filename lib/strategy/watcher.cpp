#include "strategy/watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sos::strategy {

Watcher::Watcher(const std::vector<std::string>& paths) {
    inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd_ < 0) throw std::runtime_error(std::string("--watch: inotify: ") + std::strerror(errno));
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
    for (const auto& p : paths) {
        std::error_code ec;
        std::string dir =
            std::filesystem::is_directory(p, ec) ? p : std::filesystem::path(p).parent_path().string();
        if (dir.empty()) dir = ".";
        // Editors save by writing in place (CLOSE_WRITE) or by renaming a temporary over the file (MOVED_TO).
        if (::inotify_add_watch(inotify_fd_, dir.c_str(),
                                IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE) < 0)
            throw std::runtime_error("--watch: " + dir + ": " + std::strerror(errno));
    }
    thread_ = std::thread([this] { run(); });
}

Watcher::~Watcher() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(stop_fd_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
    ::close(inotify_fd_);
    ::close(stop_fd_);
}

void Watcher::run() {
    alignas(inotify_event) char buf[4096];
    for (;;) {
        pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        for (;;) {
            const ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
            if (n <= 0) break;
            for (ssize_t off = 0; off < n;) {
                const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
                const std::string_view name = ev->len ? std::string_view(ev->name) : std::string_view();
                if (name.ends_with(".json") || (ev->mask & IN_Q_OVERFLOW)) changed_.store(true);
                off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            }
        }
    }
}

}  // namespace sos::strategy
