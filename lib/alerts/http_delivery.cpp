#include "alerts/http_delivery.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <cerrno>

namespace sos::alerts {

std::optional<net::HttpResult> exchange(net::HttpClient& client, net::HttpRequest request, int stop_fd) {
    const auto id = client.submit(std::move(request));
    if (!id) return std::nullopt;  // only when the client is stopping: nothing is outstanding here
    for (;;) {
        std::optional<net::HttpResult> got;
        client.drain([&](net::HttpResult&& r) {
            if (r.id == *id) got = std::move(r);
        });
        if (got) return got;
        pollfd fds[2] = {{client.ready_fd(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
        const int n = ::poll(fds, 2, -1);
        if (n < 0 && errno != EINTR) return std::nullopt;
        if (n > 0 && (fds[1].revents & POLLIN)) return std::nullopt;
    }
}

Delivery judge_http(const net::HttpResult& r, std::string_view who) {
    Delivery d;
    if (r.outcome != net::HttpOutcome::Answered) {
        d.verdict = Verdict::Retry;
        d.problem = fmt::format("{}: {}", who, r.error);
        return d;
    }
    if (r.status >= 200 && r.status < 300) return d;
    d.verdict = (r.status == 408 || r.status == 429 || r.status >= 500) ? Verdict::Retry : Verdict::Refused;
    d.problem = fmt::format("{}: HTTP {}", who, r.status);
    return d;
}

}  // namespace sos::alerts
