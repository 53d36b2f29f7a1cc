#include "alerts/webhook.hpp"

#include <algorithm>

#include "alerts/http_delivery.hpp"
#include "net/url.hpp"

namespace sos::alerts {

namespace {

// The client is given the origin and each request the path, so that only the request knows
// the path and messages show "/***" in its place.
net::Url checked(const std::string& url) {
    net::Url u;
    try {
        u = net::parse_url(url);
    } catch (const net::UrlError&) {
        throw net::UrlError(
            "not a URL of the form http(s)://host[:port][/path] without a query or "
            "user:password@ (the URL is not shown: its path may be a secret)");
    }
    if (u.scheme != net::Scheme::Http && u.scheme != net::Scheme::Https)
        throw net::UrlError(u.origin() + ": it must start with http:// or https://");
    return u;
}

}  // namespace

void WebhookTransport::check_url(const std::string& url) {
    checked(url);
}

WebhookTransport::WebhookTransport(WebhookOptions options) : options_(std::move(options)) {
    const net::Url u = checked(options_.url);
    path_ = u.path;
    http_ = std::make_unique<net::HttpClient>(net::HttpOptions{.base_url = u.origin(), .max_in_flight = 4});
}

Delivery WebhookTransport::deliver(const Notice& notice, int stop_fd) {
    net::HttpRequest r;
    r.method = net::HttpMethod::Post;
    r.path = path_;
    r.shown_path = path_ == "/" ? "/" : "/***";
    r.body = notice.line;
    r.idempotent = true;
    r.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(5000));
    r.timeout = options_.timeout;
    auto result = exchange(*http_, std::move(r), stop_fd);
    if (!result) return {Verdict::Stopped, std::nullopt, "webhook: stopped"};
    return judge_http(*result, "webhook");
}

}  // namespace sos::alerts
