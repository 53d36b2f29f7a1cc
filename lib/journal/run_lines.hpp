// A run's stored lines in stream order, whichever table holds each: the text lines of raw
// and the market lines of market_blocks, merged by their place in the run (seq). Replay,
// resuming and reading a run all go through it, so the layout is known in one place; it
// reads the layouts of every schema version (schema 1 and 2 kept every line in raw).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "journal/block_codec.hpp"
#include "journal/shape_table.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

class RunLines {
public:
    // Statements on `db` that stay open (a read) until the end or finish(). Throws JournalError.
    RunLines(Database& db, std::int64_t run_id);

    // Moves to the next line; false after the last. Throws JournalError for a damaged block.
    bool next();
    // Releases the read; next() returns false from here on.
    void finish();

    // The current line's place, first event time, type as written and text. The views are
    // valid until next().
    std::int64_t seq() const { return from_raw_ ? raw_seq_ : entry_.seq; }
    std::optional<double> ts() const;
    std::string_view type() const;
    std::string_view line();

private:
    void step_raw();
    void step_block_entry();

    const bool ranged_;      // raw keyed by raw_id() (schema 2 and later)
    const bool has_blocks_;  // schema 3 and later
    Statement raw_;
    Statement blocks_;
    ShapeTable shapes_;
    NumberMemory memory_;
    std::optional<BlockReader> block_;
    BlockEntry entry_;
    bool raw_pending_ = true;    // raw_ must be stepped before its row is looked at
    bool entry_pending_ = true;  // likewise the block entry
    bool raw_done_ = false, blocks_done_ = false;
    std::int64_t raw_seq_ = 0;
    bool from_raw_ = false;
    bool finished_ = false;
    bool joined_ = false;
    std::string text_;  // the current block line, joined on demand
};

}  // namespace sos::journal
