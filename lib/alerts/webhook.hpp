// A generic webhook, for users who page some other way (their own service, ntfy, a chat's
// incoming hook): each notice's line of the stream, as it came, POSTed as a JSON body to one
// URL. A webhook's path often is its secret (Slack's and Discord's are), so messages name the
// endpoint by its origin only.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "alerts/transport.hpp"
#include "net/http_client.hpp"

namespace sos::alerts {

struct WebhookOptions {
    std::string url;  // http(s)://host[:port][/path], no user:password@, no query
    std::chrono::milliseconds timeout{10000};
};

class WebhookTransport : public Transport {
public:
    explicit WebhookTransport(WebhookOptions options);  // throws net::UrlError (its origin only)
    // Throws net::UrlError, naming the URL by its origin at most, unless `url` is an http(s) URL
    // without user:password@ or a query.
    static void check_url(const std::string& url);
    std::string_view name() const override { return "webhook"; }
    Delivery deliver(const Notice& notice, int stop_fd) override;

private:
    WebhookOptions options_;
    std::string path_;  // the URL's path: never shown
    std::unique_ptr<net::HttpClient> http_;
};

}  // namespace sos::alerts
