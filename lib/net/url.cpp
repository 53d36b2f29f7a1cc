#include "net/url.hpp"

#include <fmt/format.h>

#include <charconv>

namespace sos::net {

namespace {

struct SchemeName {
    std::string_view prefix;
    Scheme scheme;
    int default_port;
};
constexpr SchemeName kSchemes[] = {{"ws://", Scheme::Ws, 80},
                                   {"wss://", Scheme::Wss, 443},
                                   {"http://", Scheme::Http, 80},
                                   {"https://", Scheme::Https, 443}};

std::string_view scheme_prefix(Scheme s) {
    for (const auto& n : kSchemes)
        if (n.scheme == s) return n.prefix;
    return "";
}

// The URL as messages may show it: without a query or fragment, without user:password@.
std::string printable(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    const auto at = url.find('@');
    if (at == std::string_view::npos) return std::string(url);
    const auto start = url.find("//");
    return fmt::format("{}***{}", url.substr(0, start == std::string_view::npos ? 0 : start + 2),
                       url.substr(at));
}

int parse_port(std::string_view text, std::string_view url) {
    int port = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || p != text.data() + text.size() || port < 1 || port > 65535)
        throw UrlError(fmt::format("URL \"{}\": the port \"{}\" is not a number from 1 to 65535", url, text));
    return port;
}

// Splits "host:port" or "[v6]:port" into the url's host and port.
void parse_authority(std::string_view auth, std::string_view url, Url& out) {
    std::string_view port_text;
    if (!auth.empty() && auth.front() == '[') {
        const auto close = auth.find(']');
        if (close == std::string_view::npos) throw UrlError(fmt::format("URL \"{}\": an unclosed '['", url));
        out.host = std::string(auth.substr(1, close - 1));
        const auto rest = auth.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') throw UrlError(fmt::format("URL \"{}\": text after the address", url));
            port_text = rest.substr(1);
        }
    } else {
        const auto colon = auth.rfind(':');
        out.host = std::string(auth.substr(0, colon));
        if (colon != std::string_view::npos) port_text = auth.substr(colon + 1);
    }
    if (out.host.empty()) throw UrlError(fmt::format("URL \"{}\": no host", url));
    if (!port_text.empty() || auth.back() == ':') out.port = parse_port(port_text, url);
}

}  // namespace

std::string Url::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return fmt::format("{}{}{}{}:{}", scheme_prefix(scheme), v6 ? "[" : "", host, v6 ? "]" : "", port);
}

Url parse_url(std::string_view text) {
    Url out;
    const SchemeName* scheme = nullptr;
    for (const auto& n : kSchemes)
        if (text.substr(0, n.prefix.size()) == n.prefix) scheme = &n;
    if (!scheme)
        throw UrlError(fmt::format("URL \"{}\": it must start with ws://, wss://, http:// or https://",
                                   printable(text)));
    out.scheme = scheme->scheme;
    out.port = scheme->default_port;
    auto rest = text.substr(scheme->prefix.size());
    const auto slash = rest.find('/');
    const auto auth = rest.substr(0, slash);
    out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (auth.find('@') != std::string_view::npos)
        throw UrlError(fmt::format("URL \"{}\": a user name or password is refused (messages show the URL)",
                                   printable(text)));
    if (out.path.find_first_of("?#") != std::string::npos)
        throw UrlError(fmt::format("URL \"{}\": a query or fragment is refused here", printable(text)));
    parse_authority(auth, text, out);
    return out;
}

}  // namespace sos::net
