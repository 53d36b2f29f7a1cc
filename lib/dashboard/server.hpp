// sos-journal serve's HTTP server: libwebsockets, the design card's network library, which sos
// already links for the live feed. It serves the page's static files from a folder, the API
// (api.hpp) and /metrics, and /api/events: server-sent events, one "change" event each time the
// journal commits (change_watch.hpp), polled every --poll seconds. SSE rather than a WebSocket:
// the page only listens, SSE is plain HTTP (curl can read it, proxies pass it), and the browser
// reconnects by itself. One thread: each request is a short WAL read, so no request waits long.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "dashboard/access.hpp"
#include "dashboard/api.hpp"
#include "dashboard/change_watch.hpp"

namespace sos::dashboard {

struct ServerOptions {
    ListenAddress listen;
    std::string web_root;  // the page's files (index.html, ...); empty: API only
    double poll_s = 0.1;   // how often the journal is checked for new rows
};

// Serves until `stop_requested` says so (asked at each poll). Throws std::runtime_error when it
// cannot listen.
void serve(const ServerOptions& options, Api& api, ChangeWatch& watch,
           const std::function<bool()>& stop_requested);

}  // namespace sos::dashboard
