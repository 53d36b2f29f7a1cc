#include "plot/svg.hpp"

#include <fmt/format.h>

namespace sos::plot {

namespace {

std::string rgb(Color c) {
    return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default: {
                // As the raster font draws them: control characters (not allowed in XML 1.0)
                // are dropped and bytes beyond ASCII (perhaps not UTF-8) become '?'.
                const auto u = static_cast<unsigned char>(c);
                if (u >= 0x80)
                    out += '?';
                else if (u >= 0x20)
                    out += c;
            }
        }
    }
    return out;
}

std::string points(const std::vector<Point>& pts) {
    std::string s;
    for (const auto& p : pts)
        s += fmt::format("{}{:.1f},{:.1f}", s.empty() ? "" : " ", p.x, p.y);
    return s;
}

struct Writer {
    std::string& out;

    void operator()(const Rect& r) {
        out +=
            fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
                        r.x, r.y, r.w, r.h, rgb(r.fill));
    }
    void operator()(const Line& l) {
        out += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
            "stroke-width=\"{}\"{}/>\n",
            l.a.x, l.a.y, l.b.x, l.b.y, rgb(l.color), l.width, l.dashed ? " stroke-dasharray=\"4 4\"" : "");
    }
    void operator()(const Polyline& p) {
        out += fmt::format(
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" "
            "points=\"{}\"/>\n",
            rgb(p.color), p.width, points(p.points));
    }
    void operator()(const Area& a) {
        if (a.points.empty()) return;
        std::vector<Point> poly = a.points;
        poly.push_back({a.points.back().x, a.base});
        poly.push_back({a.points.front().x, a.base});
        out +=
            fmt::format("<polygon fill=\"{}\" stroke=\"none\" points=\"{}\"/>\n", rgb(a.fill), points(poly));
    }
    void operator()(const Text& t) {
        // The raster font's cell is 7 pixels tall for scale 1; a monospace font of that cap
        // height needs about 9.5 pixels of size, its baseline at the cell's bottom.
        const char* anchor = t.anchor == Anchor::Start    ? "start"
                             : t.anchor == Anchor::Middle ? "middle"
                                                          : "end";
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" font-family=\"DejaVu Sans Mono, monospace\" "
            "font-size=\"{:.1f}\" "
            "fill=\"{}\" text-anchor=\"{}\">{}</text>\n",
            t.x, t.y + 7.0 * t.scale, 9.5 * t.scale, rgb(t.color), anchor, escape(t.text));
    }
};

}  // namespace

std::string render_svg(const Scene& scene) {
    std::string out = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n"
        "<title>{2}</title>\n"
        "<rect width=\"{0}\" height=\"{1}\" fill=\"{3}\"/>\n",
        scene.width, scene.height, escape(scene.title), rgb(scene.background));
    Writer w{out};
    for (const auto& shape : scene.shapes)
        std::visit(w, shape);
    out += "</svg>\n";
    return out;
}

}  // namespace sos::plot
