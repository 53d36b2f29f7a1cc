// Turns raw input lines into a Filter's calls: decode, check the contract (fields and time
// order), apply the bad-input policy, and hand valid lines on. Usable without threads, so
// tests drive it directly with strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "event/order_guard.hpp"
#include "pipeline/filter.hpp"

namespace sos::pipeline {

class LineProcessor {
public:
    LineProcessor(Filter& filter, diag::BadInput& bad, std::string source = {})
        : filter_(filter), bad_(bad), source_(std::move(source)) {}

    // data[len, capacity) must be readable (event::Decoder::padding()). Returns false when
    // processing must stop (a bad line under --strict).
    bool process(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number, ndjson::Output& out);
    // Convenience for tests: copies the line into a padded buffer first.
    bool process(std::string_view line, std::uint64_t number, ndjson::Output& out);
    bool overlong(std::uint64_t number, std::size_t length);

    std::uint64_t lines_in() const { return lines_in_; }

private:
    Filter& filter_;
    diag::BadInput& bad_;
    std::string source_;
    event::Decoder decoder_;
    event::EventList events_;
    event::OrderGuard order_;
    std::string scratch_;
    std::uint64_t lines_in_ = 0;
};

}  // namespace sos::pipeline
