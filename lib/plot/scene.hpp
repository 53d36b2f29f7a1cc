// A chart as a list of drawing primitives in pixel coordinates (origin top left, y down). One
// Scene is drawn by one function onto a Cairo surface (render.hpp), a PNG or an SVG one, so the
// two pictures of a chart cannot disagree.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sos::plot {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0;
    double alpha = 1;  // 0 transparent .. 1 opaque
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

// A filled dot with a white ring, marking one point of a curve.
struct Marker {
    Point at;
    double radius = 4;
    Color fill;
};

enum class Anchor { Start, Middle, End };
enum class Weight { Normal, Bold };

// The chart's one typeface (DejaVu Sans) at a size in pixels.
struct Font {
    double size = 13;
    Weight weight = Weight::Normal;
};

// One line of UTF-8 text; (x, y) is the point of its baseline at the anchor.
struct Text {
    double x, y;
    std::string text;
    Font font;
    Color color;
    Anchor anchor = Anchor::Start;
};

using Shape = std::variant<Rect, Line, Polyline, Area, Marker, Text>;

struct Scene {
    int width = 0, height = 0;
    Color background{255, 255, 255};
    std::vector<Shape> shapes;  // drawn in order
    std::string title;          // the SVG document's <title>
};

}  // namespace sos::plot
