// A chart as a list of drawing primitives in pixel coordinates (origin top left, y down),
// rendered the same way to a PNG raster (raster.hpp) and to SVG (svg.hpp), so the two
// pictures of a chart cannot disagree.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sos::plot {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0;
};

struct Point {
    double x = 0, y = 0;
};

struct Rect {
    double x, y, w, h;
    Color fill;
};

// A straight segment; dashed lines are for grids.
struct Line {
    Point a, b;
    Color color;
    double width = 1;
    bool dashed = false;
};

struct Polyline {
    std::vector<Point> points;
    Color color;
    double width = 1;
};

// The region between a polyline (x ascending) and the horizontal line y = base.
struct Area {
    std::vector<Point> points;
    double base = 0;
    Color fill;
};

enum class Anchor { Start, Middle, End };

// Text in the 5x7 font scaled by `scale` (glyphs 5*scale wide, 7*scale tall, a pixel column
// of space between them); (x, y) is the top of the text at its anchor.
struct Text {
    double x, y;
    std::string text;
    int scale = 2;
    Color color;
    Anchor anchor = Anchor::Start;
};

using Shape = std::variant<Rect, Line, Polyline, Area, Text>;

struct Scene {
    int width = 0, height = 0;
    Color background{255, 255, 255};
    std::vector<Shape> shapes;  // drawn in order
    std::string title;          // for the SVG <title>
};

// Width in pixels of `text` drawn at `scale`.
inline double text_width(const std::string& text, int scale) {
    return text.empty() ? 0.0 : static_cast<double>(text.size() * 6 - 1) * scale;
}

}  // namespace sos::plot
