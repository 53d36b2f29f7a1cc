// Draws a Scene into an RGB pixel buffer: lines anti-aliased by their distance to each pixel
// centre, areas filled column by column, text from the bitmap font.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plot/scene.hpp"

namespace sos::plot {

class Canvas {
public:
    Canvas(int width, int height, Color background);

    void rect(const Rect& r);
    void line(const Line& l);
    void polyline(const Polyline& p);
    void area(const Area& a);
    void text(const Text& t);

    int width() const { return w_; }
    int height() const { return h_; }
    const std::vector<std::uint8_t>& rgb() const { return px_; }
    Color at(int x, int y) const;

private:
    // Mixes `c` into the pixel with weight `alpha` (0..1).
    void blend(int x, int y, Color c, double alpha);
    void segment(Point a, Point b, Color c, double width);

    int w_, h_;
    std::vector<std::uint8_t> px_;
};

Canvas rasterize(const Scene& scene);
// The scene as a PNG file (png.hpp).
std::string render_png(const Scene& scene);

}  // namespace sos::plot
