// A WebSocket client on libwebsockets, for OpenAlgo's market-data feed: transport only. It
// connects to ws:// or wss://, sends text messages, and hands every received message (fragments
// reassembled) and every state change to its consumer through a bounded queue and a file
// descriptor, so a deciding thread waiting in poll() never blocks on the network.
//
//   net::WsService service;                       // one libwebsockets context, one thread
//   net::WsConnection feed(service, {.url = "ws://127.0.0.1:8765"});
//   feed.open();                                  // Opened or Closed arrives later
//   poll(feed.ready_fd(), ...);
//   feed.drain([&](const net::WsEvent& e) { ... });
//   feed.send(R"({"action":"authenticate","api_key":"..."})");
//
// Protocol pings from the server are answered by libwebsockets; with ping_interval set the
// client sends its own and closes a connection whose pongs stop (a hung server). Nothing is
// retried here: every open() ends in exactly one Closed event, and the owner's back-off decides
// when to open again. A connection that stays open and silent stays open and silent: telling
// a quiet market from a stalled feed is the watchdog's job, which has the session calendar.
//
// Several connections may share one service (one thread in poll() for all) or each have its
// own; docs/architecture.md ("Network clients") says what each costs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/url.hpp"
#include "net/ws_event.hpp"
#include "net/ws_queue.hpp"

namespace sos::net {

struct WsServiceOptions {
    // wss://: the certificate authorities to trust (PEM file); empty: the system's.
    std::string ca_file;
};

namespace detail {
struct WsServiceCore;
struct WsConnCore;
}  // namespace detail

// A libwebsockets context and the thread that services it. Its connections may outlive it
// (they then report ServiceStopped and open() fails).
class WsService {
public:
    explicit WsService(WsServiceOptions options = {});  // throws std::runtime_error
    ~WsService();  // closes every connection (each gets its Closed event) and joins the thread
    WsService(const WsService&) = delete;
    WsService& operator=(const WsService&) = delete;

private:
    friend class WsConnection;
    std::shared_ptr<detail::WsServiceCore> core_;
};

struct WsOptions {
    std::string url;                                    // ws://host:port/path or wss://...
    std::chrono::milliseconds connect_timeout{10'000};  // TCP, TLS and the handshake together
    // Our own protocol pings: one every ping_interval, the connection closed (PingTimeout) when a
    // pong has not come pong_timeout after a ping. 0: none (the server's pings are still answered).
    std::chrono::milliseconds ping_interval{0};
    std::chrono::milliseconds pong_timeout{10'000};
    std::size_t max_message_bytes = 4u << 20;  // a larger message closes the connection (1009)
    std::size_t queue_bytes = 32u << 20;       // received, not yet drained (see WsEventQueue)
    std::size_t max_outbox_bytes = 1u << 20;   // sent, not yet written
    bool tls_insecure = false;                 // wss: accept any certificate (tests only)
    // ws:// reads and writes its frames itself (ws_frames.hpp says why: libwebsockets' parser
    // costs a call a byte); true puts it on libwebsockets' WebSocket role instead, as wss://
    // always is (for comparing the two: bench/net_bench.cpp).
    bool libwebsockets_framing = false;
    // Called on the service thread, with no lock held, when events become ready for the
    // consumer (once per pass, as ready_fd() is raised): a consumer that does not poll
    // ready_fd() is woken so (a stage's pipeline::Waker). It must not block.
    std::function<void()> on_ready;
};

enum class WsState : std::uint8_t { Idle, Connecting, Open, Closing };
enum class SendResult : std::uint8_t { Queued, NotOpen, OutboxFull };

struct WsStats {
    std::uint64_t messages = 0;  // received whole
    std::uint64_t bytes = 0;
    std::uint64_t lost = 0;  // discarded because the consumer fell behind
    std::uint64_t opens = 0;
    std::int64_t last_message_ns = 0;  // steady clock; 0: none yet
};

class WsConnection {
public:
    // Throws UrlError (naming the URL) or std::invalid_argument for impossible options.
    WsConnection(WsService& service, WsOptions options);
    ~WsConnection();  // closes the connection if it is up; never waits for the network
    WsConnection(const WsConnection&) = delete;
    WsConnection& operator=(const WsConnection&) = delete;

    // Starts a connection attempt; false while one is under way (until its Closed is queued).
    bool open();
    // Closes with a close frame (code, reason), or abandons a connection still being made.
    // Its Closed event (LocalClose) follows. Nothing happens when there is no attempt.
    void close(int code = 1000, std::string_view reason = {});
    // Queues a text message; sent in order once open. Messages left when the connection ends
    // are discarded (the owner sends authenticate and subscribe again after a reconnect).
    SendResult send(std::string_view text);

    int ready_fd() const { return queue_->fd(); }
    template <class F>
    std::size_t drain(F&& f, std::size_t max = SIZE_MAX) {
        return queue_->drain(std::forward<F>(f), max);
    }

    WsState state() const;
    WsStats stats() const;
    const std::string& url() const;

private:
    std::shared_ptr<detail::WsServiceCore> service_;
    std::shared_ptr<detail::WsConnCore> core_;
    WsEventQueue* queue_;
};

}  // namespace sos::net
