// A JSON line split into its shape and its numbers: the shape is every byte of the line with
// each plain decimal number outside a string replaced by a slot marker, and the numbers are
// those decimals, held exactly as integer digits and a count of decimals. Joining the two
// gives back the line byte for byte, so market lines can be stored as a shape written once
// and a few small numbers per line (market_blocks.hpp) without trusting any encoder to
// reproduce them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sos::journal {

// digits / 10^scale, written with exactly `scale` decimals: 21817.15 is {2181715, 2}, 0.20 is
// {20, 2}, -3 is {-3, 0}.
struct Decimal {
    std::int64_t digits = 0;
    std::uint8_t scale = 0;

    bool operator==(const Decimal&) const = default;
};

// Numbers of more digits than this stay in the shape as text; they never overflow the
// arithmetic of the block codec (|digits| < 10^18).
inline constexpr int kMaxDecimalDigits = 18;
// Marks a number's place in a shape. A control character never appears raw in JSON text
// (inside strings it must be escaped), so it cannot be mistaken for the line's own bytes.
inline constexpr char kSlot = '\x01';

// Splits `line` into `shape` and `numbers` (both cleared first). Numbers with an exponent, a
// leading zero, a negative zero or more than kMaxDecimalDigits digits stay in the shape as
// written. Returns false, leaving the outputs unspecified, for a line holding the marker byte
// (never valid JSON).
bool split_line(std::string_view line, std::string& shape, std::vector<Decimal>& numbers);

// Appends the line a shape and its numbers stand for. `numbers` holds one per slot.
void join_line(std::string_view shape, const Decimal* numbers, std::string& out);

// Appends a decimal as split_line read it.
void append_decimal(Decimal d, std::string& out);

// A shape made ready to recognise its lines: most market lines have the shape of the line
// before them of the same symbol, and comparing a line with it costs a fraction of splitting
// the line and looking its shape up.
class ShapeMatcher {
public:
    explicit ShapeMatcher(std::string_view shape);

    // True, with the line's numbers, when `line` has this shape: every byte outside the slots
    // equal, and in each slot a number split_line would read. Joining the shape and the
    // numbers then gives back `line`, byte for byte.
    bool match(std::string_view line, std::vector<Decimal>& numbers) const;

private:
    std::string text_;
    std::vector<std::uint32_t> ends_;  // where each literal run ends in text_ (one more than slots)
};

}  // namespace sos::journal
