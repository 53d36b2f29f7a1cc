// One HTTP request on the project's client (lib/net: libcurl on its own thread), waited for on
// the sender's thread, and what its answer means for a notice: 2xx delivered; 408, 429 and 5xx,
// or no answer at all, worth another try; any other status refused.
#pragma once

#include <optional>

#include "alerts/transport.hpp"
#include "net/http_client.hpp"

namespace sos::alerts {

// The request's result, or none when `stop_fd` became readable first (the request is left to
// the client, which abandons it when it is destroyed).
std::optional<net::HttpResult> exchange(net::HttpClient& client, net::HttpRequest request, int stop_fd);

// The verdict on a result, by status alone; `who` starts the problem's words ("telegram").
// A transport that reads the answer's body (Telegram's retry_after) adds to it.
Delivery judge_http(const net::HttpResult& r, std::string_view who);

}  // namespace sos::alerts
