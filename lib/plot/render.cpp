#include "plot/render.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace sos::plot {

namespace {

constexpr const char* kFamily = "DejaVu Sans";

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + what + ": " + cairo_status_to_string(status));
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Cairo refuses a string that is not UTF-8 and stops drawing altogether; a run's name is the
// user's bytes. Those are shown as ASCII with '?' for every other byte, and control
// characters are dropped.
std::string printable(const std::string& text) {
    const bool utf8 = simdjson::validate_utf8(text.data(), text.size());
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) continue;
        out += u >= 0x80 && !utf8 ? '?' : c;
    }
    return out;
}

// Unhinted outlines and advances: a text is as wide on the image as in the SVG and as
// text_width() measured it, so the layout holds on both.
void set_font_options(cairo_t* cr) {
    cairo_font_options_t* o = cairo_font_options_create();
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, o);
    cairo_font_options_destroy(o);
}

void set_font(cairo_t* cr, const Font& f) {
    cairo_select_font_face(cr, kFamily, CAIRO_FONT_SLANT_NORMAL,
                           f.weight == Weight::Bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, f.size);
}

void set_color(cairo_t* cr, Color c) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.alpha);
}

// A line of odd width along a pixel row or column is centred on the pixels' middle, so a
// one-pixel grid line covers one row of pixels instead of half-covering two.
double crisp(double v, double width) {
    const bool odd = std::lround(width) % 2 == 1 && std::abs(width - std::round(width)) < 1e-9;
    return odd ? std::floor(v) + 0.5 : std::round(v);
}

struct Painter {
    cairo_t* cr;

    void operator()(const Rect& r) const {
        set_color(cr, r.fill);
        cairo_rectangle(cr, r.x, r.y, r.w, r.h);
        cairo_fill(cr);
    }
    void operator()(const Line& l) const {
        Point a = l.a, b = l.b;
        if (a.y == b.y) a.y = b.y = crisp(a.y, l.width);
        if (a.x == b.x) a.x = b.x = crisp(a.x, l.width);
        set_color(cr, l.color);
        cairo_set_line_width(cr, l.width);
        const double dash[] = {4, 4};
        cairo_set_dash(cr, dash, l.dashed ? 2 : 0, 0);
        cairo_move_to(cr, a.x, a.y);
        cairo_line_to(cr, b.x, b.y);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    void operator()(const Polyline& p) const {
        if (p.points.size() < 2) return;
        set_color(cr, p.color);
        cairo_set_line_width(cr, p.width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to(cr, p.points.front().x, p.points.front().y);
        for (const auto& q : p.points)
            cairo_line_to(cr, q.x, q.y);
        cairo_stroke(cr);
    }
    void operator()(const Area& a) const {
        if (a.points.empty()) return;
        set_color(cr, a.fill);
        cairo_move_to(cr, a.points.front().x, a.base);
        for (const auto& q : a.points)
            cairo_line_to(cr, q.x, q.y);
        cairo_line_to(cr, a.points.back().x, a.base);
        cairo_close_path(cr);
        cairo_fill(cr);
    }
    void operator()(const Marker& m) const {
        cairo_new_sub_path(cr);
        cairo_arc(cr, m.at.x, m.at.y, m.radius + 1.5, 0, 2 * M_PI);
        set_color(cr, {255, 255, 255});
        cairo_fill(cr);
        cairo_arc(cr, m.at.x, m.at.y, m.radius, 0, 2 * M_PI);
        set_color(cr, m.fill);
        cairo_fill(cr);
    }
    void operator()(const Text& t) const {
        const std::string text = printable(t.text);
        set_font(cr, t.font);
        cairo_text_extents_t e;
        cairo_text_extents(cr, text.c_str(), &e);
        const double shift = t.anchor == Anchor::Start    ? 0
                             : t.anchor == Anchor::Middle ? e.x_advance / 2
                                                          : e.x_advance;
        set_color(cr, t.color);
        cairo_move_to(cr, t.x - shift, t.y);
        cairo_show_text(cr, text.c_str());
    }
};

void draw(cairo_t* cr, const Scene& scene) {
    set_font_options(cr);
    set_color(cr, scene.background);
    cairo_paint(cr);
    const Painter painter{cr};
    for (const auto& shape : scene.shapes)
        std::visit(painter, shape);
    check(cairo_status(cr), "drawing the chart");
}

std::string xml_escaped(const std::string& s) {
    std::string out;
    for (const char c : printable(s)) {
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
            default:
                out += c;
        }
    }
    return out;
}

// Cairo writes no <title>; the scene's goes first inside <svg>, where a browser takes it for
// the tab and a screen reader reads it.
void insert_title(std::string& svg, const std::string& title) {
    const std::size_t open = svg.find("<svg");
    const std::size_t end = open == std::string::npos ? open : svg.find('>', open);
    if (end == std::string::npos || title.empty()) return;
    svg.insert(end + 1, "\n<title>" + xml_escaped(title) + "</title>");
}

// Cairo names an SVG's surfaces by a counter global to the process ("surface6"), so the same
// scene drawn twice in one process would differ in those ids. Renumbered in order of first
// appearance, the document depends on the scene alone.
void renumber_surfaces(std::string& svg) {
    static constexpr std::string_view kName = "surface";
    std::vector<std::string> seen;
    std::string out;
    std::size_t from = 0;
    for (std::size_t at; (at = svg.find(kName, from)) != std::string::npos;) {
        std::size_t end = at + kName.size();
        while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9')
            ++end;
        out.append(svg, from, at - from);
        const std::string id = svg.substr(at, end - at);
        auto it = std::find(seen.begin(), seen.end(), id);
        if (it == seen.end()) it = seen.insert(seen.end(), id);
        out += end > at + kName.size() ? std::string(kName) + std::to_string(it - seen.begin() + 1) : id;
        from = end;
    }
    out.append(svg, from);
    svg = std::move(out);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
#define SOS_PLOT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOS_PLOT_ASAN 1
#endif
#endif
#ifdef SOS_PLOT_ASAN
// Cairo 1.16's toy font faces keep a few hundred bytes of fontconfig patterns that nothing frees
// (cairo_debug_reset_static_data() does not either). LeakSanitizer is told of that library's
// leaks alone, so a leak in sos's own code still fails the sanitizer build. (This definition
// and the next are the runtime's hooks for a program's own settings; they sit here, in the
// object every drawing program links.)
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
// Quietly: a note of suppressions used on stderr would be noise in every tool's diagnostics.
extern "C" const char* __lsan_default_options() {
    return "print_suppressions=0";
}
#endif

std::string render_png(const Scene& scene) {
    const SurfacePtr surface{cairo_image_surface_create(CAIRO_FORMAT_RGB24, scene.width, scene.height)};
    check(cairo_surface_status(surface.get()), "creating the image");
    {
        const ContextPtr cr{cairo_create(surface.get())};
        draw(cr.get(), scene);
    }
    std::string png;
    check(cairo_surface_write_to_png_stream(surface.get(), append, &png), "writing the PNG");
    return png;
}

std::string render_svg(const Scene& scene) {
    std::string svg;
    {
        const SurfacePtr surface{
            cairo_svg_surface_create_for_stream(append, &svg, scene.width, scene.height)};
        check(cairo_surface_status(surface.get()), "creating the SVG");
        cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
        {
            const ContextPtr cr{cairo_create(surface.get())};
            draw(cr.get(), scene);
        }
        cairo_surface_finish(surface.get());
        check(cairo_surface_status(surface.get()), "writing the SVG");
    }
    renumber_surfaces(svg);
    insert_title(svg, scene.title);
    return svg;
}

double text_width(const std::string& text, const Font& font) {
    const SurfacePtr surface{cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)};
    const ContextPtr cr{cairo_create(surface.get())};
    set_font_options(cr.get());
    set_font(cr.get(), font);
    cairo_text_extents_t e;
    const std::string printed = printable(text);
    cairo_text_extents(cr.get(), printed.c_str(), &e);
    check(cairo_status(cr.get()), "measuring text");
    return e.x_advance;
}

std::string fit_text(const std::string& text, const Font& font, double max_width) {
    std::string fitted = printable(text);
    if (text_width(fitted, font) <= max_width) return fitted;
    while (!fitted.empty()) {
        // Back to the start of the last character: UTF-8 continuation bytes are 10xxxxxx.
        std::size_t cut = fitted.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(fitted[cut]) & 0xC0) == 0x80)
            --cut;
        fitted.resize(cut);
        if (text_width(fitted + "\u2026", font) <= max_width) break;
    }
    return fitted + "\u2026";
}

}  // namespace sos::plot
