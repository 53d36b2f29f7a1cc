// WebSocket framing (RFC 6455 §5) for the client's own read path on a plain socket (private to
// lib/net). libwebsockets 4.1.6's client parser takes a frame's payload one function call a
// byte: at OpenAlgo's tick rates that was three quarters of sos-feed live's CPU, below the
// 500,000 ticks a second it must take (docs/decisions.md, "Network clients" and "Live feed").
// Written by hand because no library on the design card parses frames in blocks: this reads
// what the socket gave in one pass, hands a message that lies whole in it over as a view (the
// usual case: one OpenAlgo message per frame, many frames per read), and assembles the rest.
// libwebsockets still connects, polls, times and writes; over TLS it still does everything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sos::net::detail {

// What the reader finds, in the order the server sent it.
class WsFrameSink {
public:
    virtual ~WsFrameSink() = default;
    // A whole message (fragments joined); the view is valid during the call only.
    virtual void on_message(std::string_view payload, bool binary) = 0;
    virtual void on_ping(std::string_view payload) = 0;
    virtual void on_pong() = 0;
    // The server's close frame: its code (1005 when it carried none) and reason. Nothing after
    // it is read.
    virtual void on_close(int code, std::string_view reason) = 0;
};

class WsFrameReader {
public:
    explicit WsFrameReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

    // Reads the next bytes of the stream. False when the server broke the protocol (code 1002)
    // or sent a message over the limit (1009): error_code() and error() say which, and the
    // connection is to be closed with that code; nothing more may be fed.
    bool feed(const char* data, std::size_t len, WsFrameSink& sink);
    // For a new connection.
    void reset();

    int error_code() const { return error_code_; }
    const std::string& error() const { return error_; }
    bool closed() const { return closed_; }

private:
    struct Head {
        unsigned b0 = 0;
        std::size_t header = 0;  // bytes before the payload
        std::size_t size = 0;    // payload bytes
    };
    enum class HeadStatus : std::uint8_t { NeedMore, Whole, Broken };
    // The header at the start of `buf`, checked before its payload is waited for.
    HeadStatus head(std::string_view buf, Head& h);
    // Completes the frame carried from the last read with the start of this one.
    bool finish_carried(const char*& data, std::size_t& len, WsFrameSink& sink);
    // One whole frame; false on a violation.
    bool frame(const Head& h, std::string_view payload, WsFrameSink& sink);
    bool fail(int code, std::string why);

    std::size_t max_message_bytes_;
    std::string carry_;    // the start of a frame cut by the end of a read
    std::string message_;  // fragments of a message not yet whole
    bool in_message_ = false;
    bool message_binary_ = false;
    bool closed_ = false;
    int error_code_ = 0;
    std::string error_;
};

// A frame as a client sends it: FIN set, masked with `mask` (RFC 6455 §5.3), appended to `out`.
void append_client_frame(std::string& out, std::uint8_t opcode, std::string_view payload, std::uint32_t mask);

}  // namespace sos::net::detail
