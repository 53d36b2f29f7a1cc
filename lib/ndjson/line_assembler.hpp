// Cuts a byte stream into lines, whatever the read boundaries: a line split across reads is
// joined, CRLF endings lose their CR, empty (or blank) lines are dropped but still numbered,
// a missing final newline still ends a line, and a UTF-8 byte-order mark at the very start of
// the stream (Windows editors write one) is dropped. A line longer than the limit is not kept
// (memory stays flat whatever the input): it is recorded as overlong and skipped to its end.
//
// Two ways in, with the same lines out. feed() copies the lines of bytes read elsewhere into a
// LineBatch, each followed by '\n' and enough readable bytes for simdjson's look-ahead.
// room() and cut() let a reader read straight into the batch (LineReader does): the lines
// then stay where they were read, each followed by the '\r' or '\n' that ended it, so no byte
// is copied again except the start of a line a read cut off, carried to the next read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sos::ndjson {

struct LineSpan {
    std::size_t offset = 0;  // into LineBatch::bytes
    std::size_t length = 0;  // for an overlong line: its full length (no bytes kept)
    std::uint64_t number = 0;
    bool overlong = false;
};

struct LineBatch {
    std::vector<char> bytes;  // lines, each followed by its end of line, then padding
    std::size_t used = 0;     // bytes up to the end of the last line completed
    std::vector<LineSpan> lines;
    std::size_t padding = 64;

    void clear() {
        used = 0;
        lines.clear();
    }
    const char* data(const LineSpan& s) const { return bytes.data() + s.offset; }
    // Readable bytes from the line's start (its own, plus what follows it).
    std::size_t capacity(const LineSpan& s) const { return bytes.size() - s.offset; }
    std::string_view text(const LineSpan& s) const { return {bytes.data() + s.offset, s.length}; }
};

class LineAssembler {
public:
    // `first_line` numbers the first line (a part of a file read on its own starts later);
    // `stream_start` says the bytes fed begin the stream, where a byte-order mark may be.
    explicit LineAssembler(std::size_t max_line_bytes = 64u << 20, std::size_t padding = 64,
                           std::uint64_t first_line = 1, bool stream_start = true)
        : max_line_(max_line_bytes),
          padding_(padding),
          line_no_(first_line - 1),
          bom_left_(stream_start ? 3 : 0) {}

    // Consumes `n` bytes, appending each completed line to `out`.
    void feed(const char* data, std::size_t n, LineBatch& out);
    // Reading straight into `out`: where the next read may put up to `n` bytes (after the
    // place kept for the start of a line the last read cut off).
    char* room(LineBatch& out, std::size_t n);
    // The `n` bytes read at room(): each line they complete is appended to `out` in place.
    void cut(LineBatch& out, std::size_t n);
    // End of input: a last line without a newline is completed.
    void finish(LineBatch& out);
    std::uint64_t lines_seen() const { return line_no_; }

private:
    void add_line(const char* data, std::size_t n, LineBatch& out);
    // A line already in out.bytes at `offset`; `n` bytes before its newline.
    void add_line_in_place(std::size_t offset, std::size_t n, LineBatch& out);
    // A read that completes no line: its bytes join the line being carried.
    void carry_on(const char* data, std::size_t n);
    // At the stream's start, with the carried bytes placed before the read at `at`: drops a
    // byte-order mark; false while the bytes so far could still be the start of one.
    bool settle_bom(LineBatch& out, std::size_t at, std::size_t n, std::size_t& from);
    void end_line(const char* tail, std::size_t n, LineBatch& out);
    void start_skipping(std::size_t extra);
    // Consumes the part of a byte-order mark at the start; returns how many bytes it took.
    std::size_t skip_bom(const char* data, std::size_t n);

    std::size_t max_line_;
    std::size_t padding_;
    std::string carry_;          // the start of a line whose end has not arrived yet
    bool skipping_ = false;      // inside a line past the limit
    std::size_t skipped_ = 0;    // its bytes seen so far
    std::uint64_t line_no_ = 0;  // number of the last completed line
    std::size_t bom_left_;       // bytes of a leading byte-order mark still to look for
};

}  // namespace sos::ndjson
