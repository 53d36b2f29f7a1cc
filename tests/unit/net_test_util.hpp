// Helpers for the network clients' tests: events copied out of a drain (their views die with
// the next one), and waiting on a client's ready descriptor with a deadline, as a consumer's
// poll loop would.
#pragma once

#include <poll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/ws_client.hpp"

namespace sos::testing {

struct OwnedWsEvent {
    net::WsEventKind kind;
    bool binary;
    net::WsCloseCause cause;
    int close_code;
    std::uint64_t lost;
    std::string data;
};

inline bool wait_readable(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
}

// Drains `conn` into `out` until `done(out)` holds or the deadline passes; returns done(out).
inline bool collect_until(net::WsConnection& conn, std::vector<OwnedWsEvent>& out,
                          const std::function<bool(const std::vector<OwnedWsEvent>&)>& done,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(out)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        if (!wait_readable(conn.ready_fd(), left)) continue;
        conn.drain([&](const net::WsEvent& e) {
            out.push_back({e.kind, e.binary, e.cause, e.close_code, e.lost, std::string(e.data)});
        });
    }
    return true;
}

inline auto has_kind(net::WsEventKind kind) {
    return [kind](const std::vector<OwnedWsEvent>& v) {
        for (const auto& e : v)
            if (e.kind == kind) return true;
        return false;
    };
}

inline std::vector<std::string> messages_of(const std::vector<OwnedWsEvent>& v) {
    std::vector<std::string> out;
    for (const auto& e : v)
        if (e.kind == net::WsEventKind::Message) out.push_back(e.data);
    return out;
}

inline const OwnedWsEvent* closed_of(const std::vector<OwnedWsEvent>& v) {
    for (const auto& e : v)
        if (e.kind == net::WsEventKind::Closed) return &e;
    return nullptr;
}

}  // namespace sos::testing
