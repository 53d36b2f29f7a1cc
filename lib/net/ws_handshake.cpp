#include "net/ws_handshake.hpp"

#include <libwebsockets.h>

#include <algorithm>
#include <cctype>

namespace sos::net::detail {

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

std::string base64(std::string_view bytes) {
    char out[64];
    lws_b64_encode_string(bytes.data(), static_cast<int>(bytes.size()), out, sizeof out);
    return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Whether the comma-separated list holds `token` (Connection: keep-alive, Upgrade).
bool has_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        if (equal_ignoring_case(trim(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

UpgradeRequest make_upgrade_request(std::string_view path, std::string_view host, std::string_view nonce) {
    UpgradeRequest r;
    const std::string key = base64(nonce);
    r.text.append("GET ").append(path.empty() ? "/" : path).append(" HTTP/1.1\r\n");
    r.text.append("Host: ").append(host).append("\r\n");
    r.text.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    r.text.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    r.text.append("Sec-WebSocket-Version: 13\r\n\r\n");
    const std::string keyed = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char sha[20];
    lws_SHA1(reinterpret_cast<const unsigned char*>(keyed.data()), keyed.size(), sha);
    r.accept = base64(std::string_view(reinterpret_cast<const char*>(sha), sizeof sha));
    return r;
}

UpgradeAnswer read_upgrade_answer(std::string_view bytes, std::string_view accept) {
    UpgradeAnswer a;
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (bytes.size() > kMaxHeaderBytes) {
            a.complete = true;
            a.why = "an answer to the upgrade with headers over 16 KiB";
        }
        return a;
    }
    a.complete = true;
    a.used = end + 4;
    std::string_view head = bytes.substr(0, end + 2);
    const auto eol = head.find("\r\n");
    const std::string_view status = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    const bool switching = status.size() >= 12 && status.substr(0, 5) == "HTTP/" &&
                           status.substr(8, 4) == " 101" && (status.size() == 12 || status[12] == ' ');
    if (!switching) {
        a.why = "the server refused the upgrade: " + std::string(status.substr(0, 80));
        return a;
    }
    bool upgrade = false, connection = false, accepted = false, extras = false;
    while (!head.empty()) {
        const auto line_end = head.find("\r\n");
        const std::string_view line = head.substr(0, line_end);
        head.remove_prefix(line_end == std::string_view::npos ? head.size() : line_end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
        if (equal_ignoring_case(name, "upgrade")) upgrade = equal_ignoring_case(value, "websocket");
        if (equal_ignoring_case(name, "connection")) connection = has_token(value, "upgrade");
        if (equal_ignoring_case(name, "sec-websocket-accept")) accepted = value == accept;
        // We ask for neither: a server that picks one anyway breaks the handshake (RFC 6455 §4.1).
        if (equal_ignoring_case(name, "sec-websocket-extensions") ||
            equal_ignoring_case(name, "sec-websocket-protocol"))
            extras = true;
    }
    if (!upgrade)
        a.why = "the server's 101 lacks Upgrade: websocket";
    else if (!connection)
        a.why = "the server's 101 lacks Connection: Upgrade";
    else if (extras)
        a.why = "the server's 101 names an extension or subprotocol we did not ask for";
    else if (!accepted)
        a.why = "the server's Sec-WebSocket-Accept does not answer our key";
    else
        a.ok = true;
    return a;
}

}  // namespace sos::net::detail
