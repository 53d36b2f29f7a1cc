// Telegram's Bot API: each notice's words sent with sendMessage to one chat,
//   POST {url}/bot{token}/sendMessage  {"chat_id": ..., "text": ..., "disable_web_page_preview": true}
// The token is part of the request's path, so every message names the request as
// "/bot***/sendMessage" and the server by its origin; the chat id is in the body only. Neither is
// ever printed, logged or written to the stream. A 429 carries Telegram's own wait
// (`parameters.retry_after`), which the sender honours.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "alerts/transport.hpp"
#include "brokers/secret.hpp"
#include "net/http_client.hpp"

namespace sos::alerts {

inline constexpr std::string_view kTelegramUrl = "https://api.telegram.org";

struct TelegramOptions {
    std::string url = std::string(kTelegramUrl);  // the Bot API's address (a test server's, in tests)
    brokers::Secret token;
    brokers::Secret chat_id;
    std::chrono::milliseconds timeout{10000};  // one attempt, connecting included
};

// The sendMessage request for `text` (exposed for tests).
net::HttpRequest telegram_request(const TelegramOptions& o, const std::string& text);
// What Telegram's answer means; the problem's words carry its `description` with the token and
// chat id masked, should it ever quote them.
Delivery telegram_verdict(const net::HttpResult& r, const TelegramOptions& o);

class TelegramTransport : public Transport {
public:
    explicit TelegramTransport(TelegramOptions options);  // throws net::UrlError naming the URL
    std::string_view name() const override { return "telegram"; }
    Delivery deliver(const Notice& notice, int stop_fd) override;

private:
    TelegramOptions options_;
    std::unique_ptr<net::HttpClient> http_;
};

}  // namespace sos::alerts
