#include "ws_test_server.hpp"

#include <arpa/inet.h>
#include <libwebsockets.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sos::testing {

namespace {

using Clock = std::chrono::steady_clock;

int listen_loopback(int* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket");
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) || ::listen(fd, 16) ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len)) {
        ::close(fd);
        throw std::runtime_error("bind/listen on 127.0.0.1");
    }
    *port = ntohs(a.sin_port);
    return fd;
}

bool wait_readable(int fd, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left < 0) return false;
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

std::string accept_key(std::string_view request) {
    static constexpr std::string_view name = "Sec-WebSocket-Key:";
    std::string lower(request);
    for (auto& ch : lower)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto at = lower.find("sec-websocket-key:");
    if (at == std::string::npos) return {};
    at += name.size();
    const auto end = request.find("\r\n", at);
    std::string key(request.substr(at, end - at));
    while (!key.empty() && key.front() == ' ')
        key.erase(0, 1);
    while (!key.empty() && key.back() == ' ')
        key.pop_back();
    key += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char sha[20];
    lws_SHA1(reinterpret_cast<const unsigned char*>(key.data()), key.size(), sha);
    char b64[64];
    lws_b64_encode_string(reinterpret_cast<const char*>(sha), 20, b64, sizeof b64);
    return b64;
}

}  // namespace

std::string encode_server_frame(std::uint8_t opcode, std::string_view payload, bool fin) {
    std::string f;
    f.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
    const auto n = payload.size();
    if (n < 126) {
        f.push_back(static_cast<char>(n));
    } else if (n < 65536) {
        f.push_back(126);
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xff));
    } else {
        f.push_back(127);
        for (int i = 7; i >= 0; --i)
            f.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
    }
    f.append(payload);
    return f;
}

int refused_port() {
    int port = 0;
    const int fd = listen_loopback(&port);
    ::close(fd);
    return port;
}

WsTestServer::WsTestServer() {
    fd_ = listen_loopback(&port_);
}

WsTestServer::~WsTestServer() {
    if (fd_ >= 0) ::close(fd_);
}

WsPeer WsTestServer::accept(std::chrono::milliseconds timeout) {
    if (!wait_readable(fd_, Clock::now() + timeout)) return WsPeer();
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return WsPeer();
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return WsPeer(fd);
}

WsPeer::~WsPeer() {
    drop();
}

WsPeer& WsPeer::operator=(WsPeer&& o) noexcept {
    drop();
    fd_ = o.fd_;
    buffer_ = std::move(o.buffer_);
    o.fd_ = -1;
    return *this;
}

void WsPeer::drop() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool WsPeer::fill(Clock::time_point deadline) {
    if (fd_ < 0 || !wait_readable(fd_, deadline)) return false;
    char buf[65536];
    const auto n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
}

bool WsPeer::handshake(std::chrono::milliseconds timeout, int refuse_status) {
    const auto deadline = Clock::now() + timeout;
    while (buffer_.find("\r\n\r\n") == std::string::npos)
        if (!fill(deadline)) return false;
    const auto end = buffer_.find("\r\n\r\n") + 4;
    const std::string request = buffer_.substr(0, end);
    buffer_.erase(0, end);
    if (refuse_status) {
        send_raw("HTTP/1.1 " + std::to_string(refuse_status) + " Refused\r\nContent-Length: 0\r\n\r\n");
        drop();
        return false;
    }
    return send_raw(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        accept_key(request) + "\r\n\r\n");
}

bool WsPeer::send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void WsPeer::send_frame(std::uint8_t opcode, std::string_view payload, bool fin) {
    send_raw(encode_server_frame(opcode, payload, fin));
}

void WsPeer::send_close(int code, std::string_view reason) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xff));
    payload.append(reason);
    send_frame(8, payload);
}

std::optional<WsFrame> WsPeer::read_frame(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (buffer_.size() >= 2) {
            const auto b0 = static_cast<unsigned char>(buffer_[0]),
                       b1 = static_cast<unsigned char>(buffer_[1]);
            std::size_t len = b1 & 0x7f, at = 2;
            if (len == 126 && buffer_.size() >= 4) {
                len = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
                at = 4;
            } else if (len == 127 && buffer_.size() >= 10) {
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | static_cast<unsigned char>(buffer_[2 + i]);
                at = 10;
            }
            const bool masked = b1 & 0x80;
            const std::size_t need = at + (masked ? 4 : 0) + len;
            if ((b1 & 0x7f) < 126 || at > 2) {
                if (buffer_.size() >= need) {
                    WsFrame f;
                    f.opcode = b0 & 0x0f;
                    f.fin = b0 & 0x80;
                    f.payload = buffer_.substr(at + (masked ? 4 : 0), len);
                    if (masked)
                        for (std::size_t i = 0; i < len; ++i)
                            f.payload[i] ^= buffer_[at + (i & 3)];
                    buffer_.erase(0, need);
                    return f;
                }
            }
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

std::optional<std::string> WsPeer::read_text(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto f = read_frame(std::max(left, std::chrono::milliseconds(0)));
        if (!f) return std::nullopt;
        if (f->opcode == 1) return f->payload;
        if (f->opcode == 9) send_frame(10, f->payload);
    }
}

bool WsPeer::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (fd_ >= 0 && wait_readable(fd_, deadline)) {
        char buf[4096];
        const auto n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return true;
    }
    return false;
}

}  // namespace sos::testing
