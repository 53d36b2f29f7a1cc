// Decoding and deciding on one thread, for tests and tools that need no pipeline: each line
// is checked (LineDecoder) and, when good, handed to the Filter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/filter.hpp"
#include "pipeline/line_decoder.hpp"

namespace sos::pipeline {

class LineProcessor {
public:
    LineProcessor(Filter& filter, diag::BadInput& bad, std::string source = {})
        : filter_(filter), decoder_(bad, std::move(source)) {}

    // data[len, capacity) must be readable (event::Decoder::padding()). Returns false when
    // processing must stop (a bad line under --strict, or the filter needs no more input).
    // What the filter throws reaches the caller.
    bool process(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number,
                 ndjson::Output& out);
    // Convenience for tests: copies the line into a padded buffer first.
    bool process(std::string_view line, std::uint64_t number, ndjson::Output& out);

    std::uint64_t lines_in() const { return lines_in_; }

private:
    Filter& filter_;
    LineDecoder decoder_;
    DecodedLine line_;
    std::string scratch_;
    std::uint64_t lines_in_ = 0;
};

// Hands one decoded line to a filter.
inline void deliver(Filter& filter, std::string_view text, std::uint64_t number, const DecodedLine& d,
                    ndjson::Output& out) {
    InputLine line{text, number, d.type, d.kind, d.canonical};
    filter.on_line(line, d.events, out);
}

}  // namespace sos::pipeline
