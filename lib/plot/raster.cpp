#include "plot/raster.hpp"

#include <algorithm>
#include <cmath>

#include "plot/font.hpp"
#include "plot/png.hpp"

namespace sos::plot {

Canvas::Canvas(int width, int height, Color bg) : w_(width), h_(height) {
    px_.resize(static_cast<std::size_t>(w_) * h_ * 3);
    for (std::size_t i = 0; i < px_.size(); i += 3) {
        px_[i] = bg.r;
        px_[i + 1] = bg.g;
        px_[i + 2] = bg.b;
    }
}

Color Canvas::at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * w_ + x) * 3;
    return {px_[i], px_[i + 1], px_[i + 2]};
}

void Canvas::blend(int x, int y, Color c, double alpha) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_ || alpha <= 0) return;
    alpha = std::min(alpha, 1.0);
    std::uint8_t* p = &px_[(static_cast<std::size_t>(y) * w_ + x) * 3];
    const auto mix = [alpha](std::uint8_t under, std::uint8_t over) {
        return static_cast<std::uint8_t>(std::lround(under + (over - under) * alpha));
    };
    p[0] = mix(p[0], c.r);
    p[1] = mix(p[1], c.g);
    p[2] = mix(p[2], c.b);
}

void Canvas::rect(const Rect& r) {
    const int x0 = std::max(0, static_cast<int>(std::lround(r.x)));
    const int y0 = std::max(0, static_cast<int>(std::lround(r.y)));
    const int x1 = std::min(w_, static_cast<int>(std::lround(r.x + r.w)));
    const int y1 = std::min(h_, static_cast<int>(std::lround(r.y + r.h)));
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            blend(x, y, r.fill, 1);
}

// Coverage of each pixel near the segment from its centre's distance to it: full inside half
// the width, fading to nothing over one more pixel. Joints of a polyline overlap slightly;
// drawing each pixel at the maximum of its coverages would be exact, this is close enough at
// chart line widths.
void Canvas::segment(Point a, Point b, Color c, double width) {
    const double half = width / 2;
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - half - 1)));
    const int x1 = std::min(w_ - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + half + 1)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - half - 1)));
    const int y1 = std::min(h_ - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + half + 1)));
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const double px = x + 0.5, py = y + 0.5;
            double t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            const double ex = a.x + t * dx - px, ey = a.y + t * dy - py;
            const double d = std::sqrt(ex * ex + ey * ey);
            blend(x, y, c, std::clamp(half + 0.5 - d, 0.0, 1.0));
        }
    }
}

void Canvas::line(const Line& l) {
    if (!l.dashed) return segment(l.a, l.b, l.color, l.width);
    const double dx = l.b.x - l.a.x, dy = l.b.y - l.a.y;
    const double len = std::sqrt(dx * dx + dy * dy);
    constexpr double kDash = 4, kGap = 4;
    for (double s = 0; s < len; s += kDash + kGap) {
        const double e = std::min(len, s + kDash);
        segment({l.a.x + dx * s / len, l.a.y + dy * s / len}, {l.a.x + dx * e / len, l.a.y + dy * e / len},
                l.color, l.width);
    }
}

void Canvas::polyline(const Polyline& p) {
    for (std::size_t i = 1; i < p.points.size(); ++i)
        segment(p.points[i - 1], p.points[i], p.color, p.width);
}

void Canvas::area(const Area& a) {
    // Each pixel column between consecutive points is filled from the curve (interpolated at
    // the column's centre) to the base line.
    for (std::size_t i = 1; i < a.points.size(); ++i) {
        const Point p = a.points[i - 1], q = a.points[i];
        const int xs = std::max(0, static_cast<int>(std::ceil(p.x - 0.5)));
        const int xe = std::min(w_ - 1, static_cast<int>(std::ceil(q.x - 0.5)) - 1);
        for (int x = xs; x <= xe; ++x) {
            const double cx = x + 0.5;
            const double y = q.x > p.x ? p.y + (q.y - p.y) * (cx - p.x) / (q.x - p.x) : q.y;
            const double top = std::min(y, a.base), bottom = std::max(y, a.base);
            for (int py = std::max(0, static_cast<int>(std::floor(top)));
                 py < std::min(h_, static_cast<int>(std::ceil(bottom))); ++py) {
                // Partial coverage at the two ends keeps the edge smooth.
                const double cover = std::min(bottom, py + 1.0) - std::max(top, static_cast<double>(py));
                blend(x, py, a.fill, cover);
            }
        }
    }
}

void Canvas::text(const Text& t) {
    const double width = text_width(t.text, t.scale);
    double x = t.x;
    if (t.anchor == Anchor::Middle) x -= width / 2;
    if (t.anchor == Anchor::End) x -= width;
    const int left = static_cast<int>(std::lround(x)), top = static_cast<int>(std::lround(t.y));
    for (std::size_t i = 0; i < t.text.size(); ++i) {
        const auto& g = glyph(t.text[i]);
        const int gx = left + static_cast<int>(i) * 6 * t.scale;
        for (int row = 0; row < kGlyphHeight; ++row)
            for (int col = 0; col < kGlyphWidth; ++col)
                if (g[row] & (0x10 >> col))
                    for (int sy = 0; sy < t.scale; ++sy)
                        for (int sx = 0; sx < t.scale; ++sx)
                            blend(gx + col * t.scale + sx, top + row * t.scale + sy, t.color, 1);
    }
}

Canvas rasterize(const Scene& scene) {
    Canvas c(scene.width, scene.height, scene.background);
    for (const auto& shape : scene.shapes) {
        std::visit(
            [&c](const auto& s) {
                using T = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<T, Rect>) c.rect(s);
                if constexpr (std::is_same_v<T, Line>) c.line(s);
                if constexpr (std::is_same_v<T, Polyline>) c.polyline(s);
                if constexpr (std::is_same_v<T, Area>) c.area(s);
                if constexpr (std::is_same_v<T, Text>) c.text(s);
            },
            shape);
    }
    return c;
}

std::string render_png(const Scene& scene) {
    const Canvas c = rasterize(scene);
    return encode_png(c.width(), c.height(), c.rgb());
}

}  // namespace sos::plot
