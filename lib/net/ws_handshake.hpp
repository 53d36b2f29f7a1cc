// The WebSocket opening handshake (RFC 6455 §4) for the client's own read path on a plain
// socket (private to lib/net; see ws_frames.hpp for why): the upgrade request, and the check
// of the server's answer, which must be 101 with Upgrade: websocket, Connection: Upgrade and the
// Sec-WebSocket-Accept its key calls for.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sos::net::detail {

struct UpgradeRequest {
    std::string text;    // the request, headers and the blank line
    std::string accept;  // the Sec-WebSocket-Accept the answer must carry
};

// `host` as the Host header gives it ("127.0.0.1:8765"); `nonce` 16 random bytes.
UpgradeRequest make_upgrade_request(std::string_view path, std::string_view host, std::string_view nonce);

struct UpgradeAnswer {
    bool complete = false;  // the header block has ended (else: read more)
    bool ok = false;        // the upgrade is accepted
    std::string why;        // when refused: what was wrong ("HTTP 403 Forbidden")
    std::size_t used = 0;   // bytes of the header block: what follows is WebSocket frames
};

// The server's answer so far, from the first byte of the stream.
UpgradeAnswer read_upgrade_answer(std::string_view bytes, std::string_view accept);

}  // namespace sos::net::detail
