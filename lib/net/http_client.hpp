// An HTTP client on libcurl's multi interface, for OpenAlgo's REST API (market data and
// orders): one thread per client drives every transfer; requests are submitted from any
// thread and their results come back through a queue and a file descriptor the consumer polls,
// so a deciding thread never blocks on the network.
//
//   net::HttpClient rest({.base_url = "http://127.0.0.1:5000"});
//   auto id = rest.submit({.path = "/api/v1/placeorder", .body = json, .timeout = 5s});
//   poll(rest.ready_fd(), ...);
//   rest.drain([&](net::HttpResult&& r) { ... r.outcome, r.status, r.body ... });
//
// Connections are kept alive and reused per host (libcurl's connection cache, shared by every
// request of the client). Each request has its own connect and total timeouts. A failure says
// whether the request certainly never left (NotSent: safe to retry) or may have reached the
// server (MaybeReceived: an order is UNKNOWN until the order book settles it); http_outcome.hpp
// gives the rule and the libcurl facts it rests on. Nothing here retries.
//
// Request bodies and queries carry the API key: they are never logged, printed or put in an
// error message (messages name the method, the path and the server only), and libcurl's
// verbose output is never switched on.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "net/http_types.hpp"
#include "net/ready_signal.hpp"
#include "net/url.hpp"

namespace sos::net {

struct HttpOptions {
    std::string base_url;  // http(s)://host:port[/prefix] (a brokers file's "rest")
    // Requests submitted and not yet drained; submit() refuses more (results are never dropped).
    std::size_t max_in_flight = 256;
    long max_connections_per_host = 8;  // more requests at once wait inside libcurl
    std::chrono::seconds max_idle{60};  // a kept-alive connection idle longer is not reused
    std::size_t max_response_bytes = 64u << 20;
    std::string ca_file;        // https: trusted authorities (PEM); empty: the system's
    bool tls_insecure = false;  // https: accept any certificate (tests only)
    // Ask for compressed answers (gzip, deflate, br: whatever libcurl decodes) and decode them,
    // as a browser does: web sites (Yahoo Finance, NSE) expect it; OpenAlgo's Flask does not.
    bool accept_compressed = false;
    // Called on the client's thread after each result is queued, with no lock held: a consumer
    // that does not poll ready_fd() is woken so (a stage's pipeline::Waker). It must not block.
    std::function<void()> on_ready;
};

namespace detail {
struct HttpEngine;
}

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);  // throws UrlError naming the base URL
    ~HttpClient();  // abandons requests under way (their results are not delivered)
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Queues a request; its id, or none when max_in_flight requests are outstanding.
    std::optional<std::uint64_t> submit(HttpRequest request);

    int ready_fd() const { return ready_.fd(); }
    // Calls f(HttpResult&&) for up to `max` finished requests, in the order they finished.
    template <class F>
    std::size_t drain(F&& f, std::size_t max = SIZE_MAX);

    std::size_t in_flight() const;
    const Url& base() const { return base_; }

private:
    friend struct detail::HttpEngine;
    void deliver(HttpResult result);  // from the engine's thread

    Url base_;
    ReadySignal ready_;
    mutable std::mutex mu_;
    std::deque<HttpResult> done_;     // guarded by mu_
    std::size_t outstanding_ = 0;     // guarded by mu_: submitted, not yet drained
    std::function<void()> on_ready_;  // set once, before the engine's thread starts
    std::unique_ptr<detail::HttpEngine> engine_;
};

template <class F>
std::size_t HttpClient::drain(F&& f, std::size_t max) {
    std::size_t n = 0;
    while (n < max) {
        HttpResult r;
        {
            std::lock_guard lock(mu_);
            if (done_.empty()) {
                ready_.lower();
                break;
            }
            r = std::move(done_.front());
            done_.pop_front();
            --outstanding_;
        }
        f(std::move(r));
        ++n;
    }
    return n;
}

}  // namespace sos::net
