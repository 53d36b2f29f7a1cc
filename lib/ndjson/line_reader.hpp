// The one loop that reads input and cuts it into lines, for every reader of NDJSON and CSV:
// the filter stage's reading thread, NDJSON replay, CSV replay. One read at a time of a large
// block, the lines it completes appended to a LineBatch by the LineAssembler (lines split
// across reads joined, over-long lines recorded without their bytes). Reading a byte
// range of a file (pread) serves CSV blocks read side by side. Each read goes straight into
// the batch (LineAssembler::room), where its lines stay.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "ndjson/line_assembler.hpp"

namespace sos::ndjson {

// Reading an input failed: an I/O error (exit 74), not a bug. Names the input and the reason.
class ReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The one wording of the refusal of an over-long line.
std::string overlong_message(std::size_t length);

struct LineReaderOptions {
    std::size_t max_line_bytes = 64u << 20;
    std::size_t padding = 64;           // readable bytes after each line (simdjson's look-ahead)
    std::size_t block_bytes = 1 << 20;  // bytes asked for per read
    std::uint64_t first_line = 1;       // the number of the first line read
    // Read only [begin, end) of the descriptor with pread (a regular file); else read from
    // wherever the descriptor is, to its end.
    bool ranged = false;
    std::uint64_t begin = 0, end = 0;
};

class LineReader {
public:
    // `fd` is not owned. `name` names the input in errors (empty: standard input).
    LineReader(int fd, std::string name, LineReaderOptions options = {});

    enum class Read { Lines, End, Failed };
    // Reads once and appends the lines it completes to `batch` (possibly none): Lines; End
    // when the input has ended (its last line, without a newline, completed first); Failed
    // when the read failed (errno kept). A blocking read: poll the descriptor first when it
    // may have nothing to give.
    Read read(LineBatch& batch);
    // read(), but a failure throws ReadError.
    bool read_or_throw(LineBatch& batch);

    std::uint64_t bytes_read() const { return bytes_; }
    bool ended() const { return ended_; }
    const std::string& name() const { return name_; }
    // "NAME: read failed: REASON" for the errno of the last failure.
    std::string failure() const;

private:
    int fd_;
    std::string name_;
    LineReaderOptions options_;
    LineAssembler assembler_;
    std::uint64_t bytes_ = 0;
    bool ended_ = false;
    int errno_ = 0;
};

}  // namespace sos::ndjson
