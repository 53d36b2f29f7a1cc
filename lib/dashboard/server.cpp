#include "dashboard/server.hpp"

#include <libwebsockets.h>

#include <cstring>
#include <deque>
#include <memory>
#include <set>
#include <stdexcept>

#include "diag/log.hpp"

namespace sos::dashboard {

namespace {

constexpr std::size_t kMaxBody = 64 * 1024;
constexpr std::size_t kChunk = 16 * 1024;
constexpr double kKeepAliveS = 15;

// One HTTP transaction (or one event stream) on a connection.
struct Exchange {
    Request request;
    Response response;
    std::size_t sent = 0;
    bool headers_done = false;
    bool sse = false;
    bool too_long = false;
    std::deque<std::string> events;  // queued for an event stream
};

// What lws keeps per connection: a pointer, since lws allocates it with calloc.
struct Session {
    Exchange* x;
};

struct State;

// The poll timer, standard-layout so that lws_container_of (offsetof) may find it from its list
// entry.
struct Timer {
    lws_sorted_usec_list_t sul;
    State* state;
};

struct State {
    Api* api = nullptr;
    ChangeWatch* watch = nullptr;
    const std::function<bool()>* stop_requested = nullptr;
    bool stopping = false;
    lws_context* context = nullptr;
    Timer timer{};
    lws_usec_t poll_us = 100000;
    double since_keepalive_s = 0;
    std::set<lws*> streams;
};

std::string header(lws* wsi, lws_token_indexes token) {
    const int n = lws_hdr_total_length(wsi, token);
    if (n <= 0) return {};
    std::string v(static_cast<std::size_t>(n) + 1, '\0');
    if (lws_hdr_copy(wsi, v.data(), n + 1, token) < 0) return {};
    v.resize(static_cast<std::size_t>(n));
    return v;
}

Request read_request(lws* wsi) {
    Request r;
    r.path = header(wsi, WSI_TOKEN_GET_URI);
    r.method = Method::Get;
    if (r.path.empty()) {
        r.path = header(wsi, WSI_TOKEN_POST_URI);
        r.method = r.path.empty() ? Method::Other : Method::Post;
    }
    // lws has already split the query into name=value fragments and undone their escapes.
    char frag[1024];
    for (int i = 0; lws_hdr_copy_fragment(wsi, frag, sizeof frag, WSI_TOKEN_HTTP_URI_ARGS, i) > 0; ++i) {
        std::string_view f(frag);
        const auto eq = f.find('=');
        r.query[std::string(f.substr(0, eq))] =
            eq == std::string_view::npos ? "" : std::string(f.substr(eq + 1));
    }
    r.authorization = header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
    r.host = header(wsi, WSI_TOKEN_HOST);
    return r;
}

// The API's answer; nothing thrown may cross libwebsockets' C frames, so anything unforeseen is a
// 500 with its message (and said on stderr).
Response answer_of(Api& api, const Request& r) {
    try {
        return api.handle(r);
    } catch (const std::exception& e) {
        diag::error("{} {}: {}", r.method == Method::Post ? "POST" : "GET", r.path, e.what());
        return error_response(500, e.what());
    }
}

int start_response(lws* wsi, Exchange& x) {
    unsigned char buf[LWS_PRE + 1024];
    unsigned char *start = buf + LWS_PRE, *p = start, *end = buf + sizeof buf - 1;
    if (lws_add_http_common_headers(wsi, static_cast<unsigned>(x.response.status),
                                    x.response.content_type.c_str(), x.response.body.size(), &p, end))
        return 1;
    static constexpr char kNoStore[] = "no-store";
    if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("cache-control:"),
                                    reinterpret_cast<const unsigned char*>(kNoStore), sizeof kNoStore - 1, &p,
                                    end))
        return 1;
    if (lws_finalize_write_http_header(wsi, start, &p, end)) return 1;
    x.headers_done = true;
    lws_callback_on_writable(wsi);
    return 0;
}

// Writes the next piece of the body; -1 closes the connection.
int write_body(lws* wsi, Exchange& x) {
    const std::string& body = x.response.body;
    const std::size_t n = std::min(kChunk, body.size() - x.sent);
    std::vector<unsigned char> buf(LWS_PRE + n);
    std::memcpy(buf.data() + LWS_PRE, body.data() + x.sent, n);
    const bool last = x.sent + n == body.size();
    if (lws_write(wsi, buf.data() + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) !=
        static_cast<int>(n))
        return -1;
    x.sent += n;
    if (!last) {
        lws_callback_on_writable(wsi);
        return 0;
    }
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

int start_stream(lws* wsi, State& s, Exchange& x) {
    unsigned char buf[LWS_PRE + 512];
    unsigned char *start = buf + LWS_PRE, *p = start, *end = buf + sizeof buf - 1;
    if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "text/event-stream", LWS_ILLEGAL_HTTP_CONTENT_LEN,
                                    &p, end))
        return 1;
    if (lws_finalize_write_http_header(wsi, start, &p, end)) return 1;
    lws_http_mark_sse(wsi);
    x.sse = true;
    // The first event says what the journal is at now, so the page draws at once.
    x.events.push_back("retry: 1000\nevent: change\ndata: {\"change\":" + std::to_string(s.watch->changes()) +
                       "}\n\n");
    s.streams.insert(wsi);
    lws_callback_on_writable(wsi);
    return 0;
}

int write_events(lws* wsi, Exchange& x) {
    if (x.events.empty()) return 0;
    const std::string e = std::move(x.events.front());
    x.events.pop_front();
    std::vector<unsigned char> buf(LWS_PRE + e.size());
    std::memcpy(buf.data() + LWS_PRE, e.data(), e.size());
    if (lws_write(wsi, buf.data() + LWS_PRE, e.size(), LWS_WRITE_HTTP) != static_cast<int>(e.size()))
        return -1;
    if (!x.events.empty()) lws_callback_on_writable(wsi);
    return 0;
}

void tick(lws_sorted_usec_list_t* sul) {
    State& s = *lws_container_of(sul, Timer, sul)->state;
    if ((*s.stop_requested)()) {
        s.stopping = true;
        lws_cancel_service(s.context);
        return;
    }
    const double poll_s = static_cast<double>(s.poll_us) / 1e6;
    s.since_keepalive_s += poll_s;
    std::string event;
    if (s.watch->changed())
        event = "event: change\ndata: {\"change\":" + std::to_string(s.watch->changes()) + "}\n\n";
    else if (s.since_keepalive_s >= kKeepAliveS)
        event = ": keep-alive\n\n";  // a comment: keeps proxies from closing an idle stream
    if (!event.empty()) {
        s.since_keepalive_s = 0;
        for (lws* wsi : s.streams) {
            auto* session = static_cast<Session*>(lws_wsi_user(wsi));
            if (session && session->x) session->x->events.push_back(event);
            lws_callback_on_writable(wsi);
        }
    }
    lws_sul_schedule(s.context, 0, &s.timer.sul, tick, s.poll_us);
}

int on_request(lws* wsi, State& s, Session& session) {
    delete session.x;
    session.x = new Exchange;
    Exchange& x = *session.x;
    x.request = read_request(wsi);
    if (x.request.path == "/api/events" && x.request.method == Method::Get) {
        if (auto refusal = s.api->refuse(x.request)) {
            x.response = *refusal;
            return start_response(wsi, x);
        }
        return start_stream(wsi, s, x);
    }
    // A POST's body comes in HTTP_BODY callbacks; one without a body is answered now.
    if (x.request.method == Method::Post && lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0)
        return 0;
    x.response = answer_of(*s.api, x.request);
    return start_response(wsi, x);
}

void end_session(State& s, lws* wsi, Session* session) {
    s.streams.erase(wsi);
    if (session) {
        delete session->x;
        session->x = nullptr;
    }
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* session = static_cast<Session*>(user);
    lws_context* context = lws_get_context(wsi);
    State* s = context ? static_cast<State*>(lws_context_user(context)) : nullptr;
    switch (reason) {
        case LWS_CALLBACK_HTTP:
            return on_request(wsi, *s, *session);
        case LWS_CALLBACK_HTTP_BODY:
            if (session->x && !session->x->too_long) {
                session->x->too_long = session->x->request.body.size() + len > kMaxBody;
                if (!session->x->too_long) session->x->request.body.append(static_cast<const char*>(in), len);
            }
            return 0;
        case LWS_CALLBACK_HTTP_BODY_COMPLETION:
            if (!session->x) return -1;
            session->x->response = session->x->too_long ? error_response(413, "the body is over 64 KiB")
                                                        : answer_of(*s->api, session->x->request);
            return start_response(wsi, *session->x);
        case LWS_CALLBACK_HTTP_WRITEABLE:
            if (!session || !session->x) return 0;
            return session->x->sse ? write_events(wsi, *session->x) : write_body(wsi, *session->x);
        case LWS_CALLBACK_CLOSED_HTTP:
        case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
            if (s) end_session(*s, wsi, session);
            return 0;
        default:
            break;
    }
    return lws_callback_http_dummy(wsi, reason, user, in, len);
}

void log_from_lws(int level, const char* line) {
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    if (level & LLL_ERR)
        diag::error("libwebsockets: {}", text);
    else
        diag::warn("libwebsockets: {}", text);
}

lws_http_mount make_mount(const char* mountpoint, const char* origin, const char* def, const char* protocol,
                          lws_mount_protocols kind, const lws_http_mount* next) {
    lws_http_mount m{};
    m.mount_next = next;
    m.mountpoint = mountpoint;
    m.mountpoint_len = static_cast<unsigned char>(std::strlen(mountpoint));
    m.origin = origin;
    m.def = def;
    m.protocol = protocol;
    m.origin_protocol = static_cast<unsigned char>(kind);
    return m;
}

}  // namespace

void serve(const ServerOptions& o, Api& api, ChangeWatch& watch,
           const std::function<bool()>& stop_requested) {
    lws_set_log_level(LLL_ERR | LLL_WARN, log_from_lws);
    static const lws_protocols protocols[] = {{"sos-dashboard", callback, sizeof(Session), 0, 0, nullptr, 0},
                                              {nullptr, nullptr, 0, 0, 0, nullptr, 0}};
    const lws_http_mount metrics =
        make_mount("/metrics", nullptr, nullptr, "sos-dashboard", LWSMPRO_CALLBACK, nullptr);
    const lws_http_mount apis =
        make_mount("/api", nullptr, nullptr, "sos-dashboard", LWSMPRO_CALLBACK, &metrics);
    const lws_http_mount files =
        make_mount("/", o.web_root.c_str(), "index.html", nullptr, LWSMPRO_FILE, &apis);
    State s;
    s.api = &api;
    s.watch = &watch;
    s.stop_requested = &stop_requested;
    s.poll_us = static_cast<lws_usec_t>(o.poll_s * 1e6);
    s.timer.state = &s;
    const std::string iface = o.listen.host == "localhost" ? "127.0.0.1" : o.listen.host;
    lws_context_creation_info info{};
    info.port = o.listen.port;
    info.iface = iface.c_str();
    info.protocols = protocols;
    info.mounts = o.web_root.empty() ? &apis : &files;
    info.user = &s;
    info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
    s.context = lws_create_context(&info);
    if (!s.context)
        throw std::runtime_error("cannot listen on " + iface + ":" + std::to_string(o.listen.port));
    lws_sul_schedule(s.context, 0, &s.timer.sul, tick, s.poll_us);
    while (!s.stopping)
        if (lws_service(s.context, 0) < 0) break;
    lws_context_destroy(s.context);
}

}  // namespace sos::dashboard
