#include "alerts/command_hook.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

extern char** environ;

namespace sos::alerts {

namespace {

using Clock = std::chrono::steady_clock;

// Variables a command never needs and must never see: the Telegram secrets sos-alert read.
bool secret_variable(std::string_view entry) {
    return entry.starts_with("SOS_TELEGRAM_TOKEN=") || entry.starts_with("SOS_TELEGRAM_CHAT_ID=");
}

std::vector<char*> child_environment() {
    std::vector<char*> env;
    for (char** e = environ; e && *e; ++e)
        if (!secret_variable(*e)) env.push_back(*e);
    env.push_back(nullptr);
    return env;
}

struct Fd {
    int fd = -1;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// The child: its own process group, default signals and an empty mask (the stage blocks
// SIGINT and SIGTERM in every thread, and SIGPIPE is ignored; both would be inherited), the
// line's pipe as standard input, standard error as standard output, nothing else open.
pid_t spawn(const std::string& command, int stdin_fd, std::string& error) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    posix_spawn_file_actions_adddup2(&actions, 2, 1);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT})
        sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    auto env = child_environment();
    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        error = fmt::format("command: cannot start /bin/sh: {}", std::strerror(rc));
        return -1;
    }
    return pid;
}

int ms_left(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

// How writing the line, or waiting for the command, ended.
enum class Ended : std::uint8_t { Done, TimedOut, Stopped };

// While it lives, SIGPIPE is blocked in this thread, and one raised meanwhile by a write to the
// command's closed input is taken back: the write's EPIPE says the same. The tools ignore SIGPIPE,
// but a library must not count on its caller's signal dispositions (a caller that kept the
// default was killed by a command that exits without reading). One already pending is left.
class SigpipeHeldBack {
public:
    SigpipeHeldBack() {
        sigset_t pipe_only;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_only, &before_);
    }
    ~SigpipeHeldBack() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            sigset_t pipe_only;
            sigemptyset(&pipe_only);
            sigaddset(&pipe_only, SIGPIPE);
            const timespec now{0, 0};
            while (sigtimedwait(&pipe_only, nullptr, &now) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &before_, nullptr);
    }
    SigpipeHeldBack(const SigpipeHeldBack&) = delete;
    SigpipeHeldBack& operator=(const SigpipeHeldBack&) = delete;

private:
    sigset_t before_{};
    bool was_pending_ = false;
};

// Writes the line while the command reads it, up to the deadline or a stop. A command that
// does not read its input (or exits first) is not a failure of ours.
Ended feed(int fd, std::string_view data, Clock::time_point deadline, int stop_fd) {
    const SigpipeHeldBack held_back;
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return Ended::Done;  // EPIPE: the command closed its input
        pollfd fds[2] = {{fd, POLLOUT, 0}, {stop_fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, ms_left(deadline));
        if (ready > 0 && (fds[1].revents & POLLIN)) return Ended::Stopped;
        if (ready == 0) return Ended::TimedOut;
    }
    return Ended::Done;
}

// Waits for the child on a pidfd (so the wait can also watch the stop signal and a deadline).
Ended await(pid_t pid, Clock::time_point deadline, int stop_fd, int& status) {
    Fd pidfd{static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))};
    for (;;) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) return Ended::Done;
        if (w < 0 && errno != EINTR) {
            status = 0;
            return Ended::Done;
        }
        const int left = ms_left(deadline);
        if (left == 0) return Ended::TimedOut;
        pollfd fds[2] = {{pidfd.fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
        // Without a pidfd (an old kernel), look again every 10 ms.
        const int n = pidfd.fd >= 0 ? ::poll(fds, 2, left) : ::poll(fds + 1, 1, std::min(left, 10));
        if (n > 0 && ((pidfd.fd >= 0 ? fds[1].revents : fds[0].revents) & POLLIN)) return Ended::Stopped;
    }
}

void kill_group(pid_t pid) {
    ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

Delivery CommandTransport::deliver(const Notice& notice, int stop_fd) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        return {Verdict::Retry, std::nullopt,
                fmt::format("command: cannot make a pipe: {}", std::strerror(errno))};
    Fd read_end{pipe_fds[0]}, write_end{pipe_fds[1]};
    std::string error;
    const pid_t pid = spawn(options_.command, read_end.fd, error);
    read_end.reset();
    if (pid < 0) return {Verdict::Retry, std::nullopt, error};
    ::fcntl(write_end.fd, F_SETFL, O_NONBLOCK);
    const auto deadline = Clock::now() + options_.timeout;
    std::string data = notice.line;
    data.push_back('\n');
    const Ended fed = feed(write_end.fd, data, deadline, stop_fd);
    write_end.reset();  // end of its input
    int status = 0;
    const Ended ended = fed == Ended::Done ? await(pid, deadline, stop_fd, status) : fed;
    if (ended != Ended::Done) {
        kill_group(pid);
        if (ended == Ended::Stopped) return {Verdict::Stopped, std::nullopt, "command: stopped"};
        return {Verdict::Refused, std::nullopt,
                fmt::format("command: still running after {} ms: killed", options_.timeout.count())};
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    if (WIFEXITED(status) && WEXITSTATUS(status) == kTryAgainStatus)
        return {Verdict::Retry, std::nullopt, "command: exit status 75 (try again later)"};
    if (WIFEXITED(status))
        return {Verdict::Refused, std::nullopt, fmt::format("command: exit status {}", WEXITSTATUS(status))};
    return {Verdict::Refused, std::nullopt, fmt::format("command: killed by signal {}", WTERMSIG(status))};
}

}  // namespace sos::alerts
