// A 5x7 bitmap font for printable ASCII, drawn for sos's charts: the PNG writer has no font
// library to call (and needs none for axis labels and a title).
#pragma once

#include <array>
#include <cstdint>

namespace sos::plot {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;

// Rows top to bottom; bit 4 of each row is the leftmost pixel. A character outside ' '..'~'
// is drawn as '?'.
const std::array<std::uint8_t, kGlyphHeight>& glyph(char c);

}  // namespace sos::plot
