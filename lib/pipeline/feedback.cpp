#include "pipeline/feedback.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "diag/log.hpp"
#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "ndjson/unix_socket.hpp"

namespace sos::pipeline {

namespace {

constexpr int kSocketBuffer = 1 << 20;

void set_nonblocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int poll_ms(std::chrono::milliseconds d) {
    return static_cast<int>(std::max<std::int64_t>(0, d.count()));
}

}  // namespace

event::Event sync_event(std::uint64_t seq, std::optional<time::Timestamp> at, std::string_view src) {
    event::Event e;
    e.env.kind = event::Kind::Sync;
    e.env.timestamp = at;
    e.env.src = src;
    e.env.seq = static_cast<std::int64_t>(seq);
    return e;
}

std::string sync_line(std::uint64_t seq, time::Timestamp at) {
    return event::encode(sync_event(seq, at, "sos-risk"));
}

std::optional<std::uint64_t> sync_seq(const event::Event& e) {
    // The decoder refuses a SYNC without a whole, non-negative seq.
    if (e.env.kind != event::Kind::Sync || !e.env.seq) return std::nullopt;
    return static_cast<std::uint64_t>(*e.env.seq);
}

std::optional<std::uint64_t> sync_seq(std::string_view line) {
    // One decoder per thread: the receiver's and sos-exec's deciding thread each have theirs.
    thread_local event::Decoder decoder;
    thread_local event::EventList events;
    if (!decoder.decode(line, events) || decoder.kind() != event::Kind::Sync) return std::nullopt;
    return sync_seq(events[0]);
}

// --- receiver ---

FeedbackReceiver::FeedbackReceiver(std::string path) : path_(std::move(path)) {
    listen_ = ndjson::listen_unix_socket(path_);
    set_nonblocking(listen_);
}

FeedbackReceiver::~FeedbackReceiver() {
    if (conn_ >= 0) ::close(conn_);
    if (listen_ >= 0) {
        ::close(listen_);
        ::unlink(path_.c_str());
    }
}

bool FeedbackReceiver::accept_within(std::chrono::milliseconds timeout) {
    if (conn_ >= 0) return true;
    if (listen_ < 0) return false;
    pollfd p{listen_, POLLIN, 0};
    if (::poll(&p, 1, poll_ms(timeout)) <= 0) return false;
    conn_ = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (conn_ < 0) return false;
    ::setsockopt(conn_, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof kSocketBuffer);
    // One sender only: later connections would be a second sos-exec, which is refused.
    ::close(listen_);
    listen_ = -1;
    ::unlink(path_.c_str());
    return true;
}

bool FeedbackReceiver::read_some(bool wait, std::chrono::milliseconds timeout) {
    if (wait) {
        pollfd p{conn_, POLLIN, 0};
        int r;
        do {
            r = ::poll(&p, 1, poll_ms(timeout));
        } while (r < 0 && errno == EINTR);
        if (r == 0) return true;  // nothing yet
    }
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(conn_, chunk, sizeof chunk);
        if (n > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(n));
            if (static_cast<std::size_t>(n) < sizeof chunk) return true;
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

void FeedbackReceiver::drain() {
    if (conn_ < 0 && !accept_within(std::chrono::milliseconds(0))) return;
    if (!read_some(false, {})) {
        ::close(conn_);
        conn_ = -2;  // closed: never accept again
    }
}

void FeedbackReceiver::take(const std::function<void(std::string_view)>& on_line) {
    drain();
    std::size_t start = 0;
    for (auto nl = buffer_.find('\n'); nl != std::string::npos; nl = buffer_.find('\n', start)) {
        const std::string_view line(buffer_.data() + start, nl - start);
        start = nl + 1;
        if (!sync_seq(line)) on_line(line);
    }
    buffer_.erase(0, start);
}

FeedbackReceiver::Wait FeedbackReceiver::wait_for(std::uint64_t seq,
                                                  std::chrono::milliseconds connect_timeout,
                                                  std::chrono::milliseconds timeout,
                                                  const std::function<void(std::string_view)>& on_line) {
    if (conn_ == -2) return Wait::Closed;
    if (conn_ < 0 && !accept_within(connect_timeout)) return Wait::NoSender;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t start = 0;
    for (;;) {
        // Whole lines first: an acknowledgement already read ends the wait.
        for (;;) {
            const auto nl = buffer_.find('\n', start);
            if (nl == std::string::npos) break;
            const std::string_view line(buffer_.data() + start, nl - start);
            start = nl + 1;
            if (const auto s = sync_seq(line)) {
                if (*s == seq) {
                    buffer_.erase(0, start);
                    return Wait::Acked;
                }
                continue;  // an older acknowledgement (after a timeout): nothing to do
            }
            on_line(line);
        }
        buffer_.erase(0, start);
        start = 0;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return Wait::TimedOut;
        if (!read_some(true, left)) {
            ::close(conn_);
            conn_ = -2;
            return Wait::Closed;
        }
    }
}

// --- sender ---

FeedbackSender::FeedbackSender(const std::string& path, std::chrono::milliseconds wait) {
    fd_ = ndjson::connect_unix_socket(path, static_cast<int>(wait.count() / 100));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &kSocketBuffer, sizeof kSocketBuffer);
    set_nonblocking(fd_);
}

FeedbackSender::~FeedbackSender() {
    if (fd_ >= 0) {
        write_pending(true);
        ::close(fd_);
    }
}

void FeedbackSender::write_pending(bool block) {
    std::size_t done = 0;
    while (fd_ >= 0 && done < pending_.size()) {
        const ssize_t n = ::send(fd_, pending_.data() + done, pending_.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!block) break;
            pollfd p{fd_, POLLOUT, 0};
            ::poll(&p, 1, 1000);
            continue;
        }
        // sos-risk went away (at the end of its input, usually): it no longer needs the
        // feedback, and the stream goes on.
        diag::info("feedback: sos-risk closed the channel; continuing without it");
        ::close(fd_);
        fd_ = -1;
        pending_.clear();
        return;
    }
    pending_.erase(0, done);
}

void FeedbackSender::send(std::string_view line) {
    if (fd_ < 0) return;
    pending_.append(line);
    write_pending(false);
}

void FeedbackSender::acknowledge(std::uint64_t seq) {
    if (fd_ < 0) return;
    event::encode(sync_event(seq, std::nullopt, "sos-exec"), pending_);
    write_pending(true);
}

}  // namespace sos::pipeline
