#include "ndjson/line_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ndjson/fd_io.hpp"

namespace sos::ndjson {

std::string overlong_message(std::size_t length) {
    return "line of " + std::to_string(length) + " bytes is longer than the limit";
}

LineReader::LineReader(int fd, std::string name, LineReaderOptions options)
    : fd_(fd),
      name_(std::move(name)),
      options_(options),
      assembler_(options.max_line_bytes, options.padding, options.first_line,
                 !options.ranged || options.begin == 0) {}

LineReader::Read LineReader::read(LineBatch& batch) {
    if (ended_) return Read::End;
    // Straight into the batch: its lines are not copied again.
    char* into = assembler_.room(batch, options_.block_bytes);
    long n;
    if (options_.ranged) {
        const std::uint64_t at = options_.begin + bytes_;
        const auto want = static_cast<std::size_t>(
            std::min<std::uint64_t>(options_.block_bytes, options_.end > at ? options_.end - at : 0));
        do {
            n = want ? ::pread(fd_, into, want, static_cast<off_t>(at)) : 0;
        } while (n < 0 && errno == EINTR);
    } else {
        n = read_some(fd_, into, options_.block_bytes);
    }
    if (n < 0) {
        errno_ = errno;
        return Read::Failed;
    }
    if (n == 0) {
        assembler_.finish(batch);
        ended_ = true;
        return Read::End;
    }
    bytes_ += static_cast<std::uint64_t>(n);
    assembler_.cut(batch, static_cast<std::size_t>(n));
    return Read::Lines;
}

bool LineReader::read_or_throw(LineBatch& batch) {
    const Read r = read(batch);
    if (r == Read::Failed) throw ReadError(failure());
    return r == Read::Lines;
}

std::string LineReader::failure() const {
    return (name_.empty() ? std::string("standard input") : name_) +
           ": read failed: " + std::strerror(errno_);
}

}  // namespace sos::ndjson
