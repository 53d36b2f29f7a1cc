// The executing instance's WebSocket order_update stream (openalgo.md §2.1-§2.3): one
// connection to the entry's `ws` address that authenticates with the account's key, sends
// subscribe_orders and hands every order_update frame to the live broker. Transport is
// lib/net's WsConnection (its libwebsockets thread; frames cross to the deciding thread through
// its bounded queue and are read only in service()), reconnection is lib/live's Backoff (about
// 1 s doubling to 30 s, jittered, never giving up), frames are lib/openalgo's decoder.
//
//   Waiting ──retry time──▶ Connecting ──Opened──▶ Authenticating ──auth ok──▶ Subscribing
//      ▲                                                          │ subscribe_orders ack
//      └──── Closed (any cause), a refusal, an answer not in time ◀── Up ◀┘
//
// The stream only hastens what the books settle anyway (docs/decisions.md "The order_update
// stream"): nothing here decides about an order. The server does not replay what was sent
// while a client was away (§2.3: no session resume), so every loss is news (Down) for the
// owner, whose book polling covers the gap.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brokers/secret.hpp"
#include "live/backoff.hpp"
#include "net/ws_client.hpp"
#include "openalgo/frame_decoder.hpp"
#include "time/timestamp.hpp"

namespace sos::broker::live {

struct OrderStreamOptions {
    std::string url;  // the brokers file entry's ws address
    brokers::Secret key;
    sos::live::BackoffPolicy backoff;
    std::uint64_t seed = 1;
    double answer_timeout_s = 10;  // for the connection, authenticate and subscribe_orders
    double ping_interval_s = 20;   // our own protocol pings (a hung server); 0: none
    // Called on the connection's thread when frames or state changes are queued, so that the
    // owner's service() runs soon (net::WsOptions::on_ready). Must not block.
    std::function<void()> on_ready;
};

// What the stream tells its owner, in order.
struct StreamNews {
    enum class Kind : std::uint8_t {
        Up,       // authenticated and subscribed: updates flow from now on
        Down,     // lost, refused or unanswered: `detail` says which; it reconnects by itself
        Update,   // an order_update frame: `update`
        Problem,  // a bad frame, an error frame while up: `detail` (never fatal)
    };
    Kind kind = Kind::Problem;
    std::string detail;  // may echo what the server was sent: mask before writing it
    openalgo::OrderUpdateFrame update;
};

class OrderStream {
public:
    enum class Phase : std::uint8_t { Waiting, Connecting, Authenticating, Subscribing, Up, Closing };

    // Throws net::UrlError for an address that is not ws:// or wss://. Its own libwebsockets
    // context and thread; the first attempt is made at the first service().
    explicit OrderStream(OrderStreamOptions options);
    ~OrderStream();
    OrderStream(const OrderStream&) = delete;
    OrderStream& operator=(const OrderStream&) = delete;

    // On the deciding thread: drains the connection's events and runs the timers.
    void service(time::Timestamp now, std::vector<StreamNews>& news);

    Phase phase() const { return phase_; }
    bool up() const { return phase_ == Phase::Up; }
    std::uint64_t updates() const { return updates_; }
    std::uint64_t reconnects() const { return reconnects_; }

private:
    void on_event(const net::WsEvent& e, time::Timestamp now, std::vector<StreamNews>& news);
    void on_message(const net::WsEvent& e, time::Timestamp now, std::vector<StreamNews>& news);
    void fail(std::string detail, std::vector<StreamNews>& news);
    void schedule_retry(time::Timestamp now);
    void expect_answer(time::Timestamp now, double extra_s = 0);

    OrderStreamOptions opts_;
    std::shared_ptr<net::WsService> service_;  // shared by the process's streams
    std::unique_ptr<net::WsConnection> conn_;
    openalgo::FrameDecoder decoder_;
    sos::live::Backoff backoff_;
    Phase phase_ = Phase::Waiting;
    time::Timestamp retry_at_{0};
    time::Timestamp answer_by_{INT64_MAX};
    bool reported_down_ = false;  // this attempt's loss is said already
    bool ever_opened_ = false;
    std::uint64_t updates_ = 0, reconnects_ = 0;
};

std::string_view phase_name(OrderStream::Phase p);

}  // namespace sos::broker::live
