// The contract's bad-input policy: a refused line is reported on stderr with where it came
// from and why ("sos-feed: line 1234: CANDLE: h < l"), counted, and skipped; with --strict the
// first one is fatal (exit status 65). Nothing valid around it is lost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sos::diag {

class BadInput {
public:
    // Beyond this many, refused lines are still counted but no longer printed one by one.
    static constexpr std::uint64_t kShownLimit = 10000;

    explicit BadInput(bool strict = false) : strict_(strict) {}

    // `source` is a file name, or empty for standard input. Returns false when the tool
    // must stop (--strict).
    bool report(std::string_view source, std::uint64_t line, std::string_view reason);
    std::uint64_t count() const { return count_; }
    bool strict() const { return strict_; }
    bool tripped() const { return strict_ && count_ > 0; }
    // Prints "N bad lines skipped" when there were any.
    void summarize() const;

private:
    bool strict_;
    std::uint64_t count_ = 0;
};

}  // namespace sos::diag
