// The addresses the network clients take: ws://, wss://, http://, https:// with a host, an
// optional port and an optional path. A URL with user:password@ or a query is refused, so an
// endpoint can always be named in a message without revealing a secret (the OpenAlgo key goes
// in a request body or a request's own query, never in the configured URL).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace sos::net {

enum class Scheme : unsigned char { Ws, Wss, Http, Https };

struct Url {
    Scheme scheme = Scheme::Http;
    std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
    int port = 0;      // the scheme's default when the URL has none
    std::string path;  // "/" when the URL has none; no trailing slash added or removed

    bool tls() const { return scheme == Scheme::Wss || scheme == Scheme::Https; }
    // "ws://127.0.0.1:8765": what messages name the endpoint by.
    std::string origin() const;
};

class UrlError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Throws UrlError naming the URL and what is wrong with it.
Url parse_url(std::string_view text);

}  // namespace sos::net
