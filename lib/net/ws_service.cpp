// The service thread of a libwebsockets context: it runs lws_service() and, when woken by
// lws_cancel_service() (the one libwebsockets call other threads may make), the commands the
// consumers posted. libwebsockets is used from this thread only.
#include <libwebsockets.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

#include "net/ws_internal.hpp"

namespace sos::net::detail {

std::int64_t steady_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

// libwebsockets logs to stderr by default; the clients report through their events instead,
// and a tool's stderr carries only sos's own diagnostics.
void silence_libwebsockets() {
    static std::once_flag once;
    std::call_once(once, [] { lws_set_log_level(0, nullptr); });
}

// Far above any connect timeout: the clients time their own attempts (ms, not s).
constexpr unsigned kLwsTimeoutSecs = 60;
// Sockets per context: the connections plus libwebsockets' own wake-up pipe. Setting it keeps
// libwebsockets from sizing its tables to the process's descriptor limit.
constexpr unsigned kFdsPerContext = 64;
// Bytes read per socket read: large, so a burst of ticks costs few system calls.
constexpr unsigned kServeBufferBytes = 64 * 1024;
// libwebsockets' default policy pings a connection idle for 300 s and drops it at 310 s; the
// clients' own pings (WsOptions::ping_interval) replace it, so that what closes a connection
// is always one of the documented causes.
const lws_retry_bo_t kNoHiddenPings{};

}  // namespace

WsServiceCore::WsServiceCore(const WsServiceOptions& options) {
    silence_libwebsockets();
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = ws_client_protocols();
    info.gid = static_cast<gid_t>(-1);
    info.uid = static_cast<uid_t>(-1);
    info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.fd_limit_per_thread = kFdsPerContext;
    info.pt_serv_buf_size = kServeBufferBytes;
    info.timeout_secs = kLwsTimeoutSecs;
    info.user = this;
    if (!options.ca_file.empty()) info.client_ssl_ca_filepath = options.ca_file.c_str();
    context = lws_create_context(&info);
    if (!context) throw std::runtime_error("libwebsockets: could not create a context");
    thread = std::thread([this] { run(); });
}

WsServiceCore::~WsServiceCore() {
    stop();
}

void WsServiceCore::stop() {
    if (!thread.joinable()) return;
    stopping.store(true);
    {
        std::lock_guard lock(mu);
        if (!stopped) lws_cancel_service(context);
    }
    thread.join();
}

bool WsServiceCore::post(WsCommand command) {
    std::lock_guard lock(mu);
    if (stopped) return false;
    commands.push_back(std::move(command));
    lws_cancel_service(context);  // under mu: the context cannot be destroyed meanwhile
    return true;
}

void WsServiceCore::run() {
    while (!stopping.load()) {
        lws_service(context, 0);
        publish_all();
    }
    {
        std::lock_guard lock(mu);
        stopped = true;
        commands.clear();
    }
    // Closes every connection still up; their callbacks queue ServiceStopped.
    for (auto& [conn, keep] : active)
        conn->set_cause(WsCloseCause::ServiceStopped, 1001, "service stopped");
    lws_context_destroy(context);
    context = nullptr;
    publish_all();
    // Attempts libwebsockets destroyed without telling (none expected) still get their Closed.
    while (!active.empty())
        finish_attempt(*active.begin()->first);
}

void WsServiceCore::note_unpublished(WsConnCore& conn) {
    if (conn.unpublished) return;
    const auto it = active.find(&conn);
    if (it == active.end()) return;
    conn.unpublished = true;
    unpublished.push_back(it->second);
}

void WsServiceCore::publish_all() {
    for (auto& conn : unpublished) {
        conn->unpublished = false;
        conn->queue.publish();
    }
    unpublished.clear();
}

void WsServiceCore::run_commands() {
    std::vector<WsCommand> batch;
    {
        std::lock_guard lock(mu);
        batch.swap(commands);
    }
    for (auto& c : batch) {
        switch (c.kind) {
            case WsCommand::Kind::Open:
                start_attempt(c.conn);
                break;
            case WsCommand::Kind::Close:
                request_close(*c.conn, c.code, std::move(c.reason));
                break;
            case WsCommand::Kind::Flush:
                if (c.conn->active && c.conn->opened) lws_callback_on_writable(c.conn->wsi);
                break;
        }
    }
}

void WsServiceCore::start_attempt(const std::shared_ptr<WsConnCore>& conn) {
    auto& c = *conn;
    c.begin_attempt();
    active.emplace(&c, conn);
    const Url& u = c.url;
    const std::string host_header = u.origin().substr(u.origin().find("//") + 2);
    lws_client_connect_info i{};
    i.context = context;
    i.address = u.host.c_str();
    i.port = u.port;
    i.path = u.path.c_str();
    i.host = host_header.c_str();
    i.origin = host_header.c_str();
    i.ietf_version_or_minus_one = -1;
    i.opaque_user_data = &c;
    i.pwsi = &c.wsi;
    i.retry_and_idle_policy = &kNoHiddenPings;
    // ws:// on the raw role: libwebsockets connects and polls, ws_raw.cpp speaks WebSocket.
    c.raw = !u.tls() && !c.options.libwebsockets_framing;
    if (c.raw) i.method = "RAW";
    if (u.tls()) {
        i.ssl_connection = LCCSCF_USE_SSL;
        if (c.options.tls_insecure)
            i.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
                                LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
    }
    lws* wsi = lws_client_connect_via_info(&i);
    if (!wsi) {
        // Failed before any callback could say why (a name that does not resolve, no socket).
        c.set_cause(WsCloseCause::ConnectFailed, 0,
                    "could not start the connection (is the host name right?)");
        if (c.active) finish_attempt(c);
        return;
    }
    lws_set_timer_usecs(
        wsi, std::chrono::duration_cast<std::chrono::microseconds>(c.options.connect_timeout).count());
}

void WsServiceCore::request_close(WsConnCore& c, int code, std::string reason) {
    if (!c.active || c.close_pending) return;
    c.set_cause(WsCloseCause::LocalClose, code, reason);
    if (c.opened) {
        c.close_pending = true;
        c.close_code = code;
        c.close_reason = std::move(reason);
        c.state.store(WsState::Closing);
        lws_callback_on_writable(c.wsi);
    } else {
        // Still connecting: abandon it at libwebsockets' next timeout pass (at once).
        lws_set_timeout(c.wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    }
}

void WsServiceCore::finish_attempt(WsConnCore& c) {
    if (!c.active) return;
    c.active = false;
    c.opened = false;
    c.wsi = nullptr;
    {
        std::lock_guard lock(c.out_mu);
        c.outbox.clear();
        c.outbox_bytes = 0;
    }
    // Idle before Closed is queued, so a consumer that reads Closed may open again at once;
    // an open() meanwhile runs on this thread after this, its events after this Closed.
    c.state.store(WsState::Idle);
    c.queue.push_closed(c.cause, c.close_code, c.close_reason, steady_now_ns());
    active.erase(&c);  // may destroy c: nothing after this
}

}  // namespace sos::net::detail
