// Where control sockets live and whether one may be trusted. `--control auto` puts a tool's
// socket at $XDG_RUNTIME_DIR/sos/TOOL.PID.sock, or /tmp/sos-UID/TOOL.PID.sock without
// XDG_RUNTIME_DIR; sos-ctl --tool finds them there. A socket is owner-only (0600) in an
// owner-only directory (0700) of the user's own: anyone who may connect may trade.
#pragma once

#include <sys/types.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sos::control {

struct SocketError : std::runtime_error {
    enum class Kind {
        NotFound,  // no such socket, or nobody listening on it
        Unsafe,    // not the user's own, or open to others (its mode or its directory's)
        Io,        // anything else: refused, timed out, cut short
    };
    SocketError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
    Kind kind;
};

// The directory `--control auto` uses (not created).
std::string auto_dir();
// TOOL.PID.sock in auto_dir().
std::string auto_path(std::string_view tool, pid_t pid);

// Makes sure `dir` is the user's own and open to nobody else (mode 0700 or stricter),
// creating it (and, for the auto directory's parent under /tmp, nothing more) when `create`.
// Throws SocketError(Unsafe) naming what is wrong, SocketError(Io) when it cannot be made.
void ensure_private_dir(const std::string& dir, bool create);
// Why the socket at `path` must not be trusted (not a socket, another user's, group or other
// bits in its mode or its directory's); empty when it may. Throws SocketError(NotFound) when
// there is nothing at `path`.
std::string distrust(const std::string& path);

// The live sockets of `tool` in auto_dir() (their process still running), sorted.
std::vector<std::string> find_sockets(std::string_view tool);

}  // namespace sos::control
