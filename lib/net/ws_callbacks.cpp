// libwebsockets' callback for sos's client connections: one function per event it reports,
// all on the service thread. Every attempt ends in WSI_DESTROY (or in a failed connect call,
// handled by WsServiceCore::start_attempt), where its one Closed event is queued.
#include <libwebsockets.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "net/ws_internal.hpp"

namespace sos::net::detail {

WsConnCore::WsConnCore(WsOptions o)
    : options(std::move(o)),
      url(parse_url(options.url)),
      queue(options.queue_bytes, options.on_ready),
      reader(options.max_message_bytes) {}

void WsConnCore::begin_attempt() {
    active = true;
    opened = false;
    in_message = false;
    partial.clear();
    cause_set = false;
    cause = WsCloseCause::Dropped;
    close_code = 1006;
    close_reason.clear();
    close_pending = false;
    ping_due = false;
    awaiting_pong = false;
    ping_sent_us = 0;
    upgrade_accept.clear();
    handshake_in.clear();
    reader.reset();
    control_out.clear();
    close_sent = false;
    close_after_write = false;
}

void WsConnCore::set_cause(WsCloseCause c, int code, std::string reason) {
    if (cause_set) return;
    cause_set = true;
    cause = c;
    close_code = code;
    close_reason = std::move(reason);
}

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

lws_usec_t us(std::chrono::milliseconds ms) {
    return duration_cast<microseconds>(ms).count();
}

}  // namespace

void on_established(lws* wsi, WsConnCore& c) {
    c.opened = true;
    c.opens.fetch_add(1, std::memory_order_relaxed);
    c.state.store(WsState::Open);
    c.queue.push_opened(steady_now_ns());
    // The connect deadline's timer may still fire: on_timer ignores it once open without pings.
    // (libwebsockets 4.1.6 documents LWS_SET_TIMER_USEC_CANCEL but schedules it for "now - 1 us"
    // instead of cancelling, so cancelling that way would fire the timer at once.)
    if (c.options.ping_interval.count() > 0) {
        c.ping_sent_us = lws_now_usecs();  // the interval counts from the handshake
        lws_set_timer_usecs(wsi, us(c.options.ping_interval));
    }
    std::lock_guard lock(c.out_mu);
    if (!c.outbox.empty()) lws_callback_on_writable(wsi);
}

void deliver(lws* wsi, WsConnCore& c, std::string_view message, bool binary) {
    const auto now = steady_now_ns();
    c.messages.fetch_add(1, std::memory_order_relaxed);
    c.bytes.fetch_add(message.size(), std::memory_order_relaxed);
    c.last_message_ns.store(now, std::memory_order_relaxed);
    c.queue.push_message(message, binary, now);
    if (!c.unpublished)
        static_cast<WsServiceCore*>(lws_context_user(lws_get_context(wsi)))->note_unpublished(c);
}

namespace {

// A piece of a message: a whole frame, part of a frame (libwebsockets hands over what its read
// buffer held), or a fragment. The message is complete at the final piece of the final frame.
int on_receive(lws* wsi, WsConnCore& c, const char* in, std::size_t len) {
    const bool final = lws_is_final_fragment(wsi);
    if (!c.in_message && final && len <= c.options.max_message_bytes) {
        deliver(wsi, c, {in, len}, lws_frame_is_binary(wsi));  // the usual case: no copy to reassemble
        return 0;
    }
    if (!c.in_message) {
        c.in_message = true;
        c.message_binary = lws_frame_is_binary(wsi);
        c.partial.clear();
    }
    if (c.partial.size() + len > c.options.max_message_bytes) {
        c.set_cause(WsCloseCause::MessageTooBig, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                    "a message over " + std::to_string(c.options.max_message_bytes) + " bytes");
        static const char reason[] = "message too big";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, (unsigned char*)reason, sizeof reason - 1);
        return -1;
    }
    c.partial.append(in, len);
    if (final) {
        c.in_message = false;
        deliver(wsi, c, c.partial, c.message_binary);
        c.partial.clear();
    }
    return 0;
}

int write_frame(lws* wsi, WsConnCore& c, std::string_view payload, lws_write_protocol kind) {
    c.write_buf.resize(LWS_PRE + payload.size());
    if (!payload.empty()) std::memcpy(c.write_buf.data() + LWS_PRE, payload.data(), payload.size());
    const int n = lws_write(wsi, c.write_buf.data() + LWS_PRE, payload.size(), kind);
    return n < static_cast<int>(payload.size()) ? -1 : 0;
}

// One frame per writable callback, as libwebsockets requires: the close frame first, then a
// due ping, then the oldest queued message.
int on_writable(lws* wsi, WsConnCore& c) {
    if (c.close_pending) {
        lws_close_reason(wsi, static_cast<lws_close_status>(c.close_code),
                         (unsigned char*)c.close_reason.data(), c.close_reason.size());
        return -1;  // libwebsockets sends the close frame and waits for the server's
    }
    if (c.ping_due) {
        c.ping_due = false;
        c.awaiting_pong = true;
        c.ping_sent_us = lws_now_usecs();
        if (write_frame(wsi, c, {}, LWS_WRITE_PING)) return -1;
    } else {
        std::string message;
        bool more = false;
        {
            std::lock_guard lock(c.out_mu);
            if (c.outbox.empty()) return 0;
            message = std::move(c.outbox.front());
            c.outbox.pop_front();
            c.outbox_bytes -= message.size();
            more = !c.outbox.empty();
        }
        if (write_frame(wsi, c, message, LWS_WRITE_TEXT)) return -1;
        if (!more) return 0;
    }
    lws_callback_on_writable(wsi);
    return 0;
}

// The connect deadline while connecting; the ping schedule once open; on the raw role, the
// wait for the server's answer to our close frame.
int on_timer(lws* wsi, WsConnCore& c) {
    if (c.close_sent) return -1;
    if (!c.opened) {
        c.set_cause(WsCloseCause::ConnectFailed, 0,
                    "no handshake within " + std::to_string(c.options.connect_timeout.count()) + " ms");
        return -1;
    }
    if (c.options.ping_interval.count() == 0) return 0;
    const lws_usec_t now = lws_now_usecs();
    const lws_usec_t interval = us(c.options.ping_interval), timeout = us(c.options.pong_timeout);
    if (c.awaiting_pong && now - c.ping_sent_us >= timeout) {
        c.set_cause(WsCloseCause::PingTimeout, 1006,
                    "no pong within " + std::to_string(c.options.pong_timeout.count()) + " ms");
        return -1;
    }
    if (!c.awaiting_pong && now - c.ping_sent_us >= interval) {
        c.ping_due = true;
        c.ping_sent_us = now;  // provisional: reset when the ping is written
        lws_callback_on_writable(wsi);
    }
    const lws_usec_t next =
        c.awaiting_pong || c.ping_due ? c.ping_sent_us + timeout : c.ping_sent_us + interval;
    lws_set_timer_usecs(wsi, std::max<lws_usec_t>(next - now, 1000));
    return 0;
}

void on_peer_close(WsConnCore& c, const unsigned char* in, std::size_t len) {
    const int code = len >= 2 ? (in[0] << 8 | in[1]) : 1005;  // 1005: a close frame without a code
    std::string reason =
        len > 2 ? std::string(reinterpret_cast<const char*>(in) + 2, len - 2) : std::string();
    c.set_cause(WsCloseCause::PeerClosed, code, std::move(reason));
}

int connection_callback(lws* wsi, lws_callback_reasons reason, WsConnCore& c, void* in, std::size_t len) {
    switch (reason) {
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            on_established(wsi, c);
            return 0;
        case LWS_CALLBACK_CLIENT_RECEIVE:
            return on_receive(wsi, c, static_cast<const char*>(in), len);
        case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
            c.awaiting_pong = false;
            return 0;
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            return on_writable(wsi, c);
        case LWS_CALLBACK_TIMER:
            return on_timer(wsi, c);
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            on_peer_close(c, static_cast<const unsigned char*>(in), len);
            return 0;  // libwebsockets answers with the same close frame
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            c.set_cause(WsCloseCause::ConnectFailed, 0,
                        in ? static_cast<const char*>(in) : "connection failed");
            return 0;
        case LWS_CALLBACK_CLIENT_CLOSED:
            c.set_cause(WsCloseCause::Dropped, 1006, "closed without a close frame");
            return 0;
        case LWS_CALLBACK_RAW_CLOSE:
            // Before the 101 the attempt never opened: the same cause the WebSocket role gives.
            if (!c.opened)
                c.set_cause(WsCloseCause::ConnectFailed, 0,
                            "the server closed the connection before the handshake");
            c.set_cause(WsCloseCause::Dropped, 1006, "closed without a close frame");
            return 0;
        case LWS_CALLBACK_RAW_CONNECTED:
            return raw_connected(wsi, c);
        case LWS_CALLBACK_RAW_RX:
            return raw_receive(wsi, c, static_cast<const char*>(in), len);
        case LWS_CALLBACK_RAW_WRITEABLE:
            return raw_writable(wsi, c);
        default:
            return 0;
    }
}

int callback(lws* wsi, lws_callback_reasons reason, void* /*user*/, void* in, std::size_t len) {
    if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
        if (auto* svc = static_cast<WsServiceCore*>(lws_context_user(lws_get_context(wsi))))
            svc->run_commands();
        return 0;
    }
    auto* c = static_cast<WsConnCore*>(lws_get_opaque_user_data(wsi));
    if (!c || !c->active || (c->wsi && c->wsi != wsi)) return 0;
    if (reason == LWS_CALLBACK_WSI_DESTROY) {
        auto* svc = static_cast<WsServiceCore*>(lws_context_user(lws_get_context(wsi)));
        svc->finish_attempt(*c);
        return 0;
    }
    return connection_callback(wsi, reason, *c, in, len);
}

const lws_protocols kProtocols[] = {
    {"sos-ws-client", callback, 0, 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

const lws_protocols* ws_client_protocols() {
    return kProtocols;
}

}  // namespace sos::net::detail
