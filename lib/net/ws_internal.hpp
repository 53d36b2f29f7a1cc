// The state a WebSocket connection and its service share (private to lib/net). Fields under
// "service thread only" are touched by libwebsockets' callbacks and commands, all on the
// service thread; the consumer reaches the connection only through the queue, the outbox and
// the atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/url.hpp"
#include "net/ws_client.hpp"
#include "net/ws_frames.hpp"

struct lws;
struct lws_context;
struct lws_protocols;

namespace sos::net::detail {

std::int64_t steady_now_ns();

// The one protocol (and its callback) every sos WebSocket client connection runs under.
const lws_protocols* ws_client_protocols();

struct WsConnCore;
// Shared by both roles (ws_callbacks.cpp).
void on_established(lws* wsi, WsConnCore& c);
void deliver(lws* wsi, WsConnCore& c, std::string_view message, bool binary);
// The raw role's events (ws_raw.cpp); -1 ends the connection.
int raw_connected(lws* wsi, WsConnCore& c);
int raw_receive(lws* wsi, WsConnCore& c, const char* in, std::size_t len);
int raw_writable(lws* wsi, WsConnCore& c);

struct WsConnCore {
    explicit WsConnCore(WsOptions o);

    const WsOptions options;
    const Url url;
    WsEventQueue queue;
    std::atomic<WsState> state{WsState::Idle};

    // Consumer -> service: text messages to send, in order.
    std::mutex out_mu;
    std::deque<std::string> outbox;
    std::size_t outbox_bytes = 0;

    std::atomic<std::uint64_t> messages{0}, bytes{0}, opens{0};
    std::atomic<std::int64_t> last_message_ns{0};
    bool unpublished = false;  // service thread: messages pushed since the last publish

    // Service thread only: the attempt under way.
    lws* wsi = nullptr;
    bool active = false;  // an attempt exists (its Closed not yet queued)
    bool opened = false;
    bool in_message = false;  // fragments of a message are arriving
    bool message_binary = false;
    std::string partial;
    bool cause_set = false;
    WsCloseCause cause = WsCloseCause::Dropped;
    int close_code = 1006;
    std::string close_reason;
    bool close_pending = false;  // close() asked: a close frame goes out at the next writable
    bool ping_due = false;
    bool awaiting_pong = false;
    std::int64_t ping_sent_us = 0;
    std::vector<unsigned char> write_buf;

    // ws:// runs on libwebsockets' raw role with our own handshake and framing (ws_raw.cpp:
    // libwebsockets' client parser costs a function call a byte); wss:// on its WebSocket role.
    bool raw = false;
    std::string upgrade_accept;  // the Sec-WebSocket-Accept the server's answer must carry
    std::string handshake_in;    // the server's answer so far
    WsFrameReader reader;
    std::string control_out;         // pongs and the answer to a close, before any message
    bool close_sent = false;         // our close frame is out: the server's answer or a timer ends it
    bool close_after_write = false;  // end the connection once what is queued is written

    void begin_attempt();
    // Records why the attempt ends; the first reason given wins.
    void set_cause(WsCloseCause c, int code, std::string reason);
};

struct WsCommand {
    enum class Kind : std::uint8_t { Open, Close, Flush };
    Kind kind;
    std::shared_ptr<WsConnCore> conn;
    int code = 1000;
    std::string reason;
};

struct WsServiceCore {
    explicit WsServiceCore(const WsServiceOptions& options);
    ~WsServiceCore();

    // Queues a command for the service thread and wakes it; false once the service stopped.
    bool post(WsCommand command);
    void run();   // the service thread's body
    void stop();  // from the owner: ends run() (which closes everything) and joins

    // Service thread only.
    void run_commands();
    void start_attempt(const std::shared_ptr<WsConnCore>& conn);
    void request_close(WsConnCore& conn, int code, std::string reason);
    void finish_attempt(WsConnCore& conn);  // queues Closed, forgets the attempt

    lws_context* context = nullptr;
    std::thread thread;
    std::atomic<bool> stopping{false};
    std::mutex mu;
    std::vector<WsCommand> commands;  // guarded by mu
    bool stopped = false;             // guarded by mu: no more commands are taken
    // Service thread only: connections with an attempt under way, kept alive until it ends.
    std::unordered_map<WsConnCore*, std::shared_ptr<WsConnCore>> active;
    // Service thread only: connections whose queue has messages to publish after this pass.
    std::vector<std::shared_ptr<WsConnCore>> unpublished;
    void note_unpublished(WsConnCore& conn);
    void publish_all();
};

}  // namespace sos::net::detail
