// A PNG writer for 8-bit RGB images: the container (signature, IHDR, IDAT, IEND, each chunk
// with its CRC-32) around a zlib stream from zlib itself. Rows use PNG's Sub filter (each byte
// minus the byte a pixel to its left), which turns the flat areas of a chart into runs of
// zeros that deflate to almost nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sos::plot {

// A PNG file of width x height pixels, `rgb` holding 3 bytes per pixel, rows top to bottom.
std::string encode_png(int width, int height, const std::vector<std::uint8_t>& rgb);

}  // namespace sos::plot
