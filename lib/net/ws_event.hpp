// What a WebSocket connection hands its consumer: state changes and whole messages, in the
// order they happened. Transport only: a message is bytes; what they mean is lib/openalgo's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sos::net {

enum class WsEventKind : std::uint8_t {
    Opened,   // the handshake completed: send() works from now on
    Message,  // one whole message (fragments reassembled)
    Lost,     // `lost` messages were discarded here because the consumer fell behind
    Closed,   // the attempt ended (whether or not it opened); open() may be called again
};

// Why an attempt ended. Every open() ends in exactly one Closed event carrying one of these.
enum class WsCloseCause : std::uint8_t {
    ConnectFailed,  // never opened: name not resolved, refused, timed out, handshake refused, TLS
    PeerClosed,     // the server sent a close frame: close_code and reason are the server's
    Dropped,        // the connection ended without a close frame (code 1006)
    PingTimeout,    // our own pings went unanswered for pong_timeout (a hung server)
    LocalClose,     // close() or the connection's destruction asked for it
    MessageTooBig,  // a message over max_message_bytes: we closed with 1009
    ProtocolError,  // ws:// only: the server broke RFC 6455 (a masked frame, reserved bits set, a bad
                    // control frame...): we closed with 1002, the reason says what it was. (Over
                    // wss:// libwebsockets closes such a connection itself: it is reported Dropped.)
    ServiceStopped  // the service thread stopped with the connection still up
};

std::string_view to_string(WsCloseCause cause);

struct WsEvent {
    WsEventKind kind = WsEventKind::Message;
    bool binary = false;                               // Message: a binary message (OpenAlgo sends only text)
    WsCloseCause cause = WsCloseCause::ConnectFailed;  // Closed
    int close_code = 0;                                // Closed: the code received or sent; 1006 for none
    std::uint64_t lost = 0;                            // Lost
    std::int64_t at_ns = 0;  // steady clock: when the whole message was in, or the change happened
    // Message: the bytes, followed by at least kWsPadding readable bytes (simdjson reads ahead);
    // Closed: the reason (the server's, or ours). Valid until the next drain().
    std::string_view data;
};

// A Closed event in words: "connection dropped (1006)", "closed by the server (4401: auth
// timeout)". The reason is the server's: a caller that sent it a secret masks it before use.
std::string close_words(const WsEvent& e);

// Readable bytes guaranteed after every message's data (simdjson's padding).
inline constexpr std::size_t kWsPadding = 64;

}  // namespace sos::net
