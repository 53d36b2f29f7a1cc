// Where a tool reads and writes: standard input/output ("-"), a file, or a Unix socket.
//   --in -            standard input (the default)
//   --in FILE         a file
//   --in unix:PATH    connect to a listening Unix socket and read from it (an existing socket
//                     file given without the prefix works too)
//   --out -           standard output (the default)
//   --out FILE        a file, created or truncated
//   --out unix:PATH   listen at PATH, wait for one reader to connect, and write to it
#pragma once

#include <stdexcept>
#include <string>

namespace sos::ndjson {

class EndpointError : public std::runtime_error {
public:
    EndpointError(const std::string& what, bool output = false) : std::runtime_error(what), output_(output) {}
    // An output that could not be created (exit 73) rather than an input that could not be
    // opened (exit 66).
    bool output() const { return output_; }

private:
    bool output_;
};

// Both return a file descriptor the caller owns (0 or 1 for "-"); throw EndpointError with a
// message naming the path.
int open_input(const std::string& spec);
int open_output(const std::string& spec);
// A Unix socket bound and listening at `path` (a stale socket file there is replaced); the
// caller accepts. Throws EndpointError.
int listen_unix_socket(const std::string& path);
// Connects to the socket at `path`, retrying while it does not exist yet (a peer starting up)
// for up to `attempts` tenths of a second. Throws EndpointError.
int connect_unix_socket(const std::string& path, int attempts = 50);
// Human-readable name for diagnostics: empty for standard input.
std::string source_name(const std::string& spec);

}  // namespace sos::ndjson
