// Unix sockets, for the unix: transport and sos-risk's feedback channel.
#pragma once

#include <string>

namespace sos::ndjson {

// A Unix socket bound and listening at `path` (a stale socket file there is replaced); the
// caller accepts. Throws EndpointError (an output that cannot be created).
int listen_unix_socket(const std::string& path);
// Listens at `path`, waits for one peer, and returns the connection (the listening socket and
// its file are gone by then). Throws EndpointError.
int accept_one_unix(const std::string& path);
// Connects to the socket at `path`, retrying while it does not exist yet (a peer starting up)
// for up to `attempts` tenths of a second. Throws EndpointError (an input that cannot be opened).
int connect_unix_socket(const std::string& path, int attempts = 50);

}  // namespace sos::ndjson
