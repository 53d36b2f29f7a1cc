// A WebSocket server for tests and benches, on raw loopback sockets: it does exactly what a
// test scripts (fragments, binary frames, close codes, silence, a refused handshake, a dropped
// socket), which no real server can be made to do on command, and for the bench it writes
// pre-built frames as fast as a socket takes them, so the sender is never the bottleneck.
// One connection at a time per WsPeer; each call blocks (with a deadline) on its own socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sos::testing {

struct WsFrame {
    std::uint8_t opcode = 0;  // 1 text, 2 binary, 8 close, 9 ping, 10 pong, 0 continuation
    bool fin = true;
    std::string payload;
};

// The server's end of one accepted connection.
class WsPeer {
public:
    WsPeer() = default;
    explicit WsPeer(int fd) : fd_(fd) {}
    ~WsPeer();
    WsPeer(WsPeer&& o) noexcept : fd_(o.fd_), buffer_(std::move(o.buffer_)) { o.fd_ = -1; }
    WsPeer& operator=(WsPeer&& o) noexcept;

    bool valid() const { return fd_ >= 0; }
    int fd() const { return fd_; }

    // Answers the client's upgrade request: 101 (true), or `refuse_status` and closes.
    bool handshake(std::chrono::milliseconds timeout, int refuse_status = 0);
    void send_frame(std::uint8_t opcode, std::string_view payload, bool fin = true);
    void send_text(std::string_view text) { send_frame(1, text); }
    void send_close(int code, std::string_view reason);
    bool send_raw(std::string_view bytes);  // false when the client is gone
    // The next frame from the client (unmasked), none at the deadline or when it closed.
    std::optional<WsFrame> read_frame(std::chrono::milliseconds timeout);
    // Reads frames until a text frame arrives, answering pings; none at the deadline.
    std::optional<std::string> read_text(std::chrono::milliseconds timeout);
    // True once the client has closed its end (EOF) within the deadline.
    bool wait_closed(std::chrono::milliseconds timeout);
    void drop();  // closes the socket without a close frame

private:
    bool fill(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    std::string buffer_;
};

// A listening socket on 127.0.0.1 at a free port.
class WsTestServer {
public:
    WsTestServer();
    ~WsTestServer();
    WsTestServer(const WsTestServer&) = delete;
    WsTestServer& operator=(const WsTestServer&) = delete;

    int port() const { return port_; }
    std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/"; }
    // The next connection (no handshake yet); invalid at the deadline.
    WsPeer accept(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    int port_ = 0;
};

// A frame as a server sends it (never masked), for building a burst ahead of time.
std::string encode_server_frame(std::uint8_t opcode, std::string_view payload, bool fin = true);

// A port on 127.0.0.1 where nothing listens (bound, then closed): connections are refused.
int refused_port();

}  // namespace sos::testing
