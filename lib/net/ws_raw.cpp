// A ws:// connection on libwebsockets' raw role: libwebsockets connects, polls, times and
// writes; the opening handshake (ws_handshake) and the frames both ways (ws_frames) are ours,
// read a block at a time. The connection's life is the same as on the WebSocket role
// (ws_callbacks.cpp): Opened at a valid 101, each whole message delivered, the server's pings
// answered, its close frame answered and reported with its code, ours sent on close() and the
// server's answer (or a timer) awaited, and one Closed at the end with its cause.
#include <libwebsockets.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "net/ws_handshake.hpp"
#include "net/ws_internal.hpp"

namespace sos::net::detail {

namespace {

// How long the server has to answer our close frame before the socket is closed anyway.
constexpr lws_usec_t kCloseWaitUs = 2'000'000;

std::uint32_t random_mask(lws* wsi) {
    std::uint32_t mask = 0;
    lws_get_random(lws_get_context(wsi), &mask, sizeof mask);
    return mask;
}

// A close frame's payload: the code, then the reason cut to what a control frame holds.
std::string close_payload(int code, std::string_view reason) {
    std::string p;
    if (code == 1005) return p;  // "no code" is never sent (RFC 6455 §7.4.1)
    p.push_back(static_cast<char>((code >> 8) & 0xff));
    p.push_back(static_cast<char>(code & 0xff));
    p.append(reason.substr(0, 123));
    return p;
}

void queue_close(lws* wsi, WsConnCore& c, int code, std::string_view reason) {
    append_client_frame(c.control_out, 8, close_payload(code, reason), random_mask(wsi));
    c.close_after_write = true;
    lws_callback_on_writable(wsi);
}

// What the reader finds, done to the connection.
class Sink : public WsFrameSink {
public:
    Sink(lws* wsi, WsConnCore& c) : wsi_(wsi), c_(c) {}
    void on_message(std::string_view payload, bool binary) override { deliver(wsi_, c_, payload, binary); }
    void on_ping(std::string_view payload) override {
        append_client_frame(c_.control_out, 10, payload, random_mask(wsi_));
        lws_callback_on_writable(wsi_);
    }
    void on_pong() override { c_.awaiting_pong = false; }
    void on_close(int code, std::string_view reason) override {
        c_.set_cause(WsCloseCause::PeerClosed, code, std::string(reason));  // ours wins if we closed first
        if (!c_.close_sent) queue_close(wsi_, c_, code, {});  // the protocol's answer: the same code
    }

private:
    lws* wsi_;
    WsConnCore& c_;
};

// The server's answer to the upgrade; true once open (the bytes after it are frames, fed on).
int read_handshake(lws* wsi, WsConnCore& c, const char*& in, std::size_t& len) {
    c.handshake_in.append(in, len);
    const UpgradeAnswer a = read_upgrade_answer(c.handshake_in, c.upgrade_accept);
    if (!a.complete) return 0;
    if (!a.ok) {
        c.set_cause(WsCloseCause::ConnectFailed, 0, a.why);
        return -1;
    }
    // What followed the header block in this read is already frames.
    const std::size_t before = c.handshake_in.size() - len;
    const std::size_t skip = a.used > before ? a.used - before : 0;
    in += skip;
    len -= skip;
    c.handshake_in.clear();
    on_established(wsi, c);
    return 1;
}

void append_messages(lws* wsi, WsConnCore& c, std::string& out) {
    std::lock_guard lock(c.out_mu);
    while (!c.outbox.empty()) {
        append_client_frame(out, 1, c.outbox.front(), random_mask(wsi));
        c.outbox_bytes -= c.outbox.front().size();
        c.outbox.pop_front();
    }
}

}  // namespace

int raw_connected(lws* wsi, WsConnCore& c) {
    const int one = 1;  // the requests are small and each is awaited: no Nagle delay
    ::setsockopt(lws_get_socket_fd(wsi), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char nonce[16];
    lws_get_random(lws_get_context(wsi), nonce, sizeof nonce);
    const std::string host = c.url.origin().substr(c.url.origin().find("//") + 2);
    UpgradeRequest r = make_upgrade_request(c.url.path, host, std::string_view(nonce, sizeof nonce));
    c.upgrade_accept = std::move(r.accept);
    c.write_buf.assign(LWS_PRE, 0);
    c.write_buf.insert(c.write_buf.end(), r.text.begin(), r.text.end());
    const int n = lws_write(wsi, c.write_buf.data() + LWS_PRE, r.text.size(), LWS_WRITE_RAW);
    if (n < static_cast<int>(r.text.size())) {
        c.set_cause(WsCloseCause::ConnectFailed, 0, "the upgrade request could not be sent");
        return -1;
    }
    return 0;
}

int raw_receive(lws* wsi, WsConnCore& c, const char* in, std::size_t len) {
    if (!c.opened) {
        const int open = read_handshake(wsi, c, in, len);
        if (open <= 0) return open;
    }
    if (c.reader.error_code() || len == 0) return 0;
    Sink sink(wsi, c);
    if (!c.reader.feed(in, len, sink)) {
        const int code = c.reader.error_code();
        c.set_cause(code == 1009 ? WsCloseCause::MessageTooBig : WsCloseCause::ProtocolError, code,
                    code == 1009 ? "a message over " + std::to_string(c.options.max_message_bytes) + " bytes"
                                 : "the server broke the protocol: " + c.reader.error());
        queue_close(wsi, c, code, code == 1009 ? "message too big" : "protocol error");
        return 0;
    }
    // Our close frame was answered: the closing handshake is over.
    if (c.reader.closed() && c.close_sent) return -1;
    return 0;
}

// Everything due in one write: answers to the server first, then our close frame, or a ping
// and the messages queued.
int raw_writable(lws* wsi, WsConnCore& c) {
    std::string out;
    out.swap(c.control_out);
    const bool closing = c.close_after_write;
    if (!closing && c.close_pending && !c.close_sent) {
        append_client_frame(out, 8, close_payload(c.close_code, c.close_reason), random_mask(wsi));
        c.close_sent = true;
        lws_set_timer_usecs(wsi, kCloseWaitUs);
    } else if (!closing && !c.close_sent) {
        if (c.ping_due) {
            c.ping_due = false;
            c.awaiting_pong = true;
            c.ping_sent_us = lws_now_usecs();
            append_client_frame(out, 9, {}, random_mask(wsi));
        }
        append_messages(wsi, c, out);
    }
    if (!out.empty()) {
        c.write_buf.assign(LWS_PRE, 0);
        c.write_buf.insert(c.write_buf.end(), out.begin(), out.end());
        if (lws_write(wsi, c.write_buf.data() + LWS_PRE, out.size(), LWS_WRITE_RAW) <
            static_cast<int>(out.size()))
            return -1;
    }
    return closing ? -1 : 0;
}

}  // namespace sos::net::detail
