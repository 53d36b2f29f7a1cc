// What a block holds of each shape: its lines and their least and greatest time, written
// beside the block (market_blocks.counts), so that counting a run's market lines reads a few
// bytes per shape and block instead of decoding every line.
//
//   per shape, in the order the block first met them:
//     varint  shape
//     varint  lines
//     time    least time - the previous shape's least time (0 for the first) (put_time_step)
//     time    greatest time - least time
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "time/timestamp.hpp"

namespace sos::journal {

struct ShapeCount {
    std::uint32_t shape = 0;
    std::int64_t lines = 0;
    std::optional<std::int64_t> least_ns, greatest_ns;

    void add(std::optional<time::Timestamp> ts);
};

void encode_counts(std::span<const ShapeCount> counts, std::string& out);
// Throws JournalError for bytes that are not counts.
std::vector<ShapeCount> decode_counts(std::string_view bytes);

}  // namespace sos::journal
