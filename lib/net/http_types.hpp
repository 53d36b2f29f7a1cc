// What the HTTP client takes and gives back. Transport only: the body is bytes the caller
// built (lib/openalgo's encoders) and gets back unread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sos::net {

enum class HttpMethod : std::uint8_t { Get, Post };

struct HttpRequest {
    HttpMethod method = HttpMethod::Post;
    std::string path;  // "/api/v1/placeorder": the one part of a request messages ever show
    // What messages show instead of `path` when the path itself carries a secret (a Telegram
    // bot's token: "/bot***/sendMessage"); empty: `path`.
    std::string shown_path;
    std::string query;  // GET: "apikey=...&interval=1m" (no '?'); never shown, never logged
    std::string body;   // POST: JSON; never shown, never logged
    // Headers of the caller's, beside the client's own (a web site's browser-like User-Agent,
    // Referer, Cookie): one given here replaces the client's of the same name. Never shown,
    // never logged (a Cookie is a credential).
    std::vector<std::pair<std::string, std::string>> headers;
    // May libcurl send it again by itself? It does so, on a fresh connection, when a reused
    // keep-alive connection dies before any answer: right for a quote, a duplicate for an order.
    // false (the default) forbids it; the request then fails as MaybeReceived.
    bool idempotent = false;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds timeout{10000};  // the whole request, queueing in libcurl included
    std::uint64_t tag = 0;                     // the caller's, returned in the result
};

// What a caller may conclude about the server having the request.
enum class HttpOutcome : std::uint8_t {
    Answered,       // an HTTP status and body came back (429 and 5xx included: read them)
    NotSent,        // certainly never left this process: no connection was ready to carry it
    MaybeReceived,  // it may have reached the server: an order is UNKNOWN, never resent blindly
};

// The failure in more detail, for messages and counters; the outcome alone decides a retry.
enum class HttpFailure : std::uint8_t {
    None,
    ResolveFailed,     // the host name did not resolve
    ConnectFailed,     // refused or unreachable
    ConnectTimeout,    // no connection within connect_timeout (or timeout)
    TlsFailed,         // the TLS handshake or the certificate check failed
    Timeout,           // the request was under way when timeout passed
    ConnectionLost,    // the connection ended, or failed, after the request started out
    ResendBlocked,     // libcurl would have sent a non-idempotent request again: stopped
    ResponseTooLarge,  // the answer outgrew max_response_bytes
    Other,
};

std::string_view to_string(HttpOutcome outcome);
std::string_view to_string(HttpFailure failure);

// Microseconds from the request's start in libcurl (from its submission for `elapsed`).
struct HttpTiming {
    std::int64_t connect_us = 0;     // TCP connected (libcurl's CONNECT_TIME; see reused_connection)
    std::int64_t sent_us = 0;        // the request handed to the socket (libcurl's PRETRANSFER)
    std::int64_t first_byte_us = 0;  // the answer's first byte
    std::int64_t total_us = 0;
    std::int64_t elapsed_us = 0;  // submit() to the result queued, as the caller waited
};

struct HttpResult {
    std::uint64_t id = 0;  // what submit() returned
    std::uint64_t tag = 0;
    HttpOutcome outcome = HttpOutcome::NotSent;
    HttpFailure failure = HttpFailure::None;
    int status = 0;    // Answered: the HTTP status
    std::string body;  // Answered: the answer
    // Answered: the value of each Set-Cookie header of the final answer, in order (a web
    // site's session cookies; never shown, never logged).
    std::vector<std::string> set_cookies;
    // Not Answered: "POST /api/v1/placeorder: ... (never sent)"; names the path and the
    // server, never the query or the body.
    std::string error;
    bool reused_connection = false;
    int local_port = 0;  // the connection's local port (tests check keep-alive with it)
    HttpTiming timing;
};

}  // namespace sos::net
