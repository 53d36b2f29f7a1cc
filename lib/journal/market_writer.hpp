// The journal's compact store for market lines (TICK, CANDLE, OPTION_CHAIN, BREADTH,
// SENTIMENT_UPDATE, REGIME): each line split into its shape and numbers (line_shape.hpp), the shape
// kept once per run in market_shapes, the numbers appended to a block (block_codec.hpp) that
// is written to market_blocks at each commit. What a replay needs comes back byte for byte;
// a line that cannot be split is left to the caller to store as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "journal/block_codec.hpp"
#include "journal/block_counts.hpp"
#include "journal/shape_table.hpp"
#include "journal/sqlite.hpp"
#include "time/timestamp.hpp"

namespace sos::journal {

// What the journal knows of a line besides its text, for a shape seen the first time.
struct LineFacts {
    std::string_view type;  // as written
    std::string_view symbol;
    bool hist = false;
    std::uint32_t quotes = 0;
    std::optional<time::Timestamp> ts;
};

class MarketWriter {
public:
    // A run holds at most this many shapes; lines of any further one are stored as text (a
    // stream whose every line has a shape of its own gains nothing from blocks).
    static constexpr std::size_t kMaxShapes = 4096;
    // A block is written once it holds this many bytes, even before the commit.
    static constexpr std::size_t kBlockBytes = 1 << 20;

    // Takes up the run's shapes. The first block this writer writes is independent of those
    // before it.
    MarketWriter(Database& db, std::int64_t run_id);

    // Adds the line at `seq` to the open block. False when it cannot be split into a shape
    // and numbers, or its shape would be one too many: the caller stores it as text. Must be
    // called inside a write transaction. Throws JournalError.
    bool add(std::int64_t seq, std::string_view line, const LineFacts& facts);
    // Writes the open block, inside the caller's transaction.
    void flush() { write_block(); }
    std::size_t pending_lines() const { return block_.lines(); }

private:
    std::optional<std::uint32_t> shape_of(std::string_view line, const LineFacts& facts);
    std::optional<std::uint32_t> new_shape(const LineFacts& facts);
    // Notes that `id` came after the previous line's shape; returns it.
    std::uint32_t follow(std::uint32_t id);

    static constexpr std::uint32_t kNone = UINT32_MAX;
    void write_block();

    std::int64_t run_id_;
    ShapeTable shapes_;
    NumberMemory memory_;
    BlockWriter block_;
    bool independent_ = true;
    std::int64_t first_seq_ = 0, last_seq_ = 0;
    std::optional<double> first_ts_, last_ts_;
    std::vector<ShapeCount> counts_;       // of the open block, in the order it met the shapes
    std::vector<std::uint32_t> count_of_;  // by shape: its place in counts_, or kNone
    std::vector<ShapeMatcher> matchers_;   // by shape
    std::vector<std::uint32_t> next_;      // by shape: the shape that came after it last, or kNone
    std::uint32_t previous_ = kNone;       // the previous market line's shape
    // The shape of the last line of each type and symbol ("TYPE\0SYMBOL"): the one to try first.
    std::unordered_map<std::string, std::uint32_t> last_shape_;
    std::string key_;
    std::string counts_bytes_;
    std::string shape_;
    std::vector<Decimal> numbers_;
    Statement insert_shape_;
    Statement insert_block_;
};

}  // namespace sos::journal
