// One line each way on a control connection, both sides bounded in time and size: a peer that
// stops halfway (or a tool stopped by SIGSTOP) costs a timeout, never a hang.
#pragma once

#include <sys/un.h>

#include <chrono>
#include <string>
#include <string_view>

namespace sos::control {

using Deadline = std::chrono::steady_clock::time_point;
inline constexpr std::size_t kMaxLine = 64 << 10;
// read_line's words when the other side closed before sending anything: a probe (a second
// server checking whether this one answers), not worth a warning.
inline constexpr std::string_view kClosedWithoutAWord = "the other side closed without a word";

// Reads up to the first newline (not included). Throws SocketError(Io) at the deadline, on end
// of data before a newline, or past kMaxLine.
std::string read_line(int fd, Deadline deadline);
// Writes all of `text` and a newline. Throws SocketError(Io).
void write_line(int fd, std::string_view text, Deadline deadline);
// The address of `path`. Throws SocketError(Io) when it does not fit in sun_path.
sockaddr_un unix_address(const std::string& path);

}  // namespace sos::control
