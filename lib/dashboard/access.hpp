// Who may do what on the dashboard (docs/decisions.md, "sos-journal serve"):
//  - it listens on loopback unless told otherwise with --allow-remote, and then only with a token;
//  - anything that changes state (a POST: control actions, the order ticket) needs the token,
//    always, as "Authorization: Bearer TOKEN": a header a browser never adds by itself, so another
//    site's page cannot forge the request (no cross-site request forgery);
//  - reads are open on loopback (anyone who can reach 127.0.0.1 can read the journal file too),
//    but only under a Host of the loopback itself, so a foreign page that rebinds its DNS name to
//    127.0.0.1 cannot read them; listening elsewhere, reads need the token as well.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "brokers/secret.hpp"
#include "dashboard/http.hpp"

namespace sos::dashboard {

struct ListenAddress {
    std::string host;  // numeric IPv4 or IPv6 (without brackets), or "localhost"
    std::uint16_t port = 0;
    bool loopback() const;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080", "0.0.0.0:8080". Throws
// std::invalid_argument naming what is wrong.
ListenAddress parse_listen(std::string_view text);

class AccessPolicy {
public:
    AccessPolicy(brokers::Secret token, bool loopback, std::uint16_t port)
        : token_(std::move(token)), loopback_(loopback), port_(port) {}

    // Empty when the request may go on, else the refusal: 401 without a valid token where one is
    // needed, 403 for a Host that is not the loopback's on an open read.
    std::optional<Response> check(const Request& r) const;
    bool token_matches(std::string_view authorization) const;

private:
    bool loopback_host(std::string_view host) const;
    brokers::Secret token_;
    bool loopback_;
    std::uint16_t port_;
};

}  // namespace sos::dashboard
