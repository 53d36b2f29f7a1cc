// Reads one WebSocket text frame from an OpenAlgo server into a typed result with simdjson's
// on-demand parser, in one pass over the frame: every known field is read into its slot,
// every other top-level value is still checked to be well-formed JSON (the dozen fields of a
// market_data payload sos does not read are skipped unchecked: they are most of the frame,
// and nothing passes them on), and the frame's kind is decided
// from its type (or, for error frames, which have none, from status and code) at the end, so
// the order of fields does not matter. A frame that cannot be read is a BadFrame: never an
// exception, never fatal. Results live in the decoder and are overwritten by the next frame;
// steady-state decoding of market data allocates nothing.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "openalgo/frames.hpp"

namespace sos::openalgo {

class FrameDecoder {
public:
    // Bytes of readable memory the decoder needs after a frame (simdjson reads ahead).
    static std::size_t padding();

    FrameDecoder();
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder&) = delete;
    FrameDecoder& operator=(const FrameDecoder&) = delete;

    // The frame at data[0, len); data[len, capacity) must be readable, capacity >= len + padding().
    FrameKind decode(const char* data, std::size_t len, std::size_t capacity);
    // Copies the frame into a padded buffer of its own first.
    FrameKind decode(std::string_view frame);

    // The result of the last decode, valid until the next; read the one its kind names.
    FrameKind kind() const { return kind_; }
    const MarketData& market_data() const { return market_; }
    const AuthAck& auth() const { return auth_; }
    const SubscribeAck& subscribe_ack() const { return subscribe_; }
    const UnsubscribeAck& unsubscribe_ack() const { return unsubscribe_; }
    const OrderUpdateFrame& order_update() const { return order_; }
    const Pong& pong() const { return pong_; }
    const ServerError& server_error() const { return error_; }
    const BadFrame& bad() const { return bad_; }
    // The frame's type as written ("market_data", "broker_info"); empty for error frames.
    std::string_view type() const { return type_; }

private:
    struct Impl;
    friend struct Impl;
    std::unique_ptr<Impl> impl_;
    FrameKind kind_ = FrameKind::Bad;
    std::string type_;
    MarketData market_;
    AuthAck auth_;
    SubscribeAck subscribe_;
    UnsubscribeAck unsubscribe_;
    OrderUpdateFrame order_;
    Pong pong_;
    ServerError error_;
    BadFrame bad_;
    std::string scratch_;
};

}  // namespace sos::openalgo
