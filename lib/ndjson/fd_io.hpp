// Blocking reads and writes on file descriptors that survive EINTR and short writes, and say
// plainly whether the other end went away.
#pragma once

#include <cstddef>
#include <string>

namespace sos::ndjson {

enum class WriteStatus { Ok, Closed /* EPIPE: the reader went away */, Error };

// Returns bytes read, 0 at end of input, -1 on error (errno set).
long read_some(int fd, char* buf, std::size_t n);
WriteStatus write_all(int fd, const char* data, std::size_t n);

// Makes writes to a closed pipe return EPIPE instead of killing the process.
void ignore_sigpipe();

}  // namespace sos::ndjson
