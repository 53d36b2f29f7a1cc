#include "dashboard/access.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>

namespace sos::dashboard {

namespace {

bool is_loopback_ip(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

std::uint16_t parse_port(std::string_view text, std::string_view whole) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value > 65535)
        throw std::invalid_argument("--listen: '" + std::string(whole) +
                                    "': the port must be a number 0-65535");
    return static_cast<std::uint16_t>(value);
}

}  // namespace

bool ListenAddress::loopback() const {
    return is_loopback_ip(host);
}

ListenAddress parse_listen(std::string_view text) {
    ListenAddress a;
    std::string_view host, port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string_view::npos)
            throw std::invalid_argument("--listen: '" + std::string(text) + "': expected [IPv6]:PORT");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || text.find(':') != colon)
            throw std::invalid_argument("--listen: '" + std::string(text) + "': expected HOST:PORT");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    a.host = std::string(host);
    a.port = parse_port(port, text);
    in_addr v4{};
    in6_addr v6{};
    if (a.host != "localhost" && inet_pton(AF_INET, a.host.c_str(), &v4) != 1 &&
        inet_pton(AF_INET6, a.host.c_str(), &v6) != 1)
        throw std::invalid_argument("--listen: '" + std::string(text) +
                                    "': the host must be a numeric address or localhost");
    return a;
}

bool AccessPolicy::token_matches(std::string_view authorization) const {
    constexpr std::string_view kBearer = "Bearer ";
    if (token_.empty() || authorization.substr(0, kBearer.size()) != kBearer) return false;
    return token_.matches(authorization.substr(kBearer.size()));
}

bool AccessPolicy::loopback_host(std::string_view host) const {
    // The Host a browser sends for a page it loaded from this server: the name or address it was
    // given, with the port.
    std::string name(host);
    const std::string suffix = ":" + std::to_string(port_);
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        name.resize(name.size() - suffix.size());
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    return is_loopback_ip(name);
}

std::optional<Response> AccessPolicy::check(const Request& r) const {
    const bool changes_state = r.method != Method::Get;
    if (changes_state || !loopback_) {
        if (!token_matches(r.authorization))
            return error_response(401, changes_state
                                           ? "this request changes state: it needs the dashboard's token "
                                             "(Authorization: Bearer TOKEN)"
                                           : "this dashboard listens beyond loopback: every request "
                                             "needs its token (Authorization: Bearer TOKEN)");
        return std::nullopt;
    }
    if (!loopback_host(r.host))
        return error_response(403, "reads without a token are served to the loopback's own Host only");
    return std::nullopt;
}

}  // namespace sos::dashboard
