// A block: consecutive market lines of a run (not necessarily adjacent in the stream) as the
// number of each one's shape, its place in the stream, its time and its numbers, each number
// written as its difference from the same number of the previous line of that shape. A
// candle's prices move by a few ticks a minute and a chain's quotes by a little, so most
// numbers take a byte or two where their text took six to ten.
//
//   byte     format (kBlockFormat)
//   entry*:  varint  shape << 1 | (seq gap > 0)
//            varint  seq gap (only when flagged): seq - previous seq - 1
//            time    the difference from the previous time in the block (put_time_step)
//            per number: varint zigzag(digits - predicted) << 1 | (scale changed)
//                        byte scale (only when changed)
//
// The prediction is the previous number in that place at the new scale. What was last seen
// per shape (NumberMemory) carries over from one block to the next, and is forgotten at a
// block marked as a key block: a run's first block and the first of every later session
// writing to it, so no block depends on what another process wrote.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "journal/line_shape.hpp"
#include "journal/shape_table.hpp"
#include "time/timestamp.hpp"

namespace sos::journal {

inline constexpr unsigned char kBlockFormat = 1;

// A difference of times as the block writes it: zigzag(difference) << 2 | unit, the unit the
// coarsest that holds it exactly (1: seconds, 2: milliseconds); 0 for no time; 3 followed by
// zigzag(difference) for nanoseconds.
void put_time_step(std::string& out, std::optional<std::int64_t> difference_ns);
// The same at p, which has room for kMaxTimeStep bytes; returns the end.
inline constexpr std::size_t kMaxTimeStep = 11;
char* write_time_step(char* p, std::optional<std::int64_t> difference_ns);
// Reads one; false for a truncated one. The sum is wrapped, never undefined, for damaged data.
bool get_time_step(const unsigned char*& p, const unsigned char* end,
                   std::optional<std::int64_t>& difference_ns);

// Per shape, the numbers of its last line; the same on the writing and the reading side.
class NumberMemory {
public:
    // Forgets every shape's numbers (a key block).
    void forget() { ++generation_; }
    // The last numbers of shape `id`, `slots` long: zeros (scale 0) when forgotten or new.
    std::span<Decimal> last(std::uint32_t id, std::uint32_t slots);

private:
    struct Entry {
        std::vector<Decimal> numbers;
        std::uint64_t generation = 0;
    };
    std::vector<Entry> entries_;
    std::uint64_t generation_ = 1;
};

struct BlockEntry {
    std::uint32_t shape = 0;
    std::int64_t seq = 0;
    std::optional<time::Timestamp> ts;
    std::span<const Decimal> numbers;
};

class BlockWriter {
public:
    explicit BlockWriter(NumberMemory& memory) : memory_(memory) {}

    // Starts an empty block whose lines come after seq `previous_seq`.
    void start(std::int64_t previous_seq);
    void add(std::uint32_t shape, std::uint32_t slots, std::int64_t seq, std::optional<time::Timestamp> ts,
             std::span<const Decimal> numbers);
    std::string_view bytes() const { return {bytes_.get(), size_}; }
    std::size_t lines() const { return lines_; }

private:
    // Room for `n` more bytes at the end; returns where they start.
    char* room(std::size_t n);

    NumberMemory& memory_;
    // Written through a pointer: a std::string appended to a varint at a time was a tenth of
    // the journal's time.
    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0, capacity_ = 0;
    std::int64_t seq_ = 0;
    std::int64_t time_ns_ = 0;
    std::size_t lines_ = 0;
};

class BlockReader {
public:
    // `data` must outlive the reader; its lines come after seq `previous_seq`.
    BlockReader(NumberMemory& memory, const ShapeTable& shapes, std::string_view data,
                std::int64_t previous_seq);

    // The next entry (its numbers valid until the next call), or false at the end. Throws
    // JournalError for a block that cannot be read (an unknown format or shape, truncated).
    bool next(BlockEntry& entry);

private:
    [[noreturn]] void corrupt(const char* what) const;

    NumberMemory& memory_;
    const ShapeTable& shapes_;
    const unsigned char* p_;
    const unsigned char* end_;
    std::int64_t seq_;
    std::int64_t time_ns_ = 0;
    std::vector<Decimal> numbers_;
};

}  // namespace sos::journal
