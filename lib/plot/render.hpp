// Draws a Scene with Cairo: anti-aliased lines and areas, text in DejaVu Sans through Cairo's
// own ("toy") text API, onto an image surface written as PNG or onto an SVG surface. Both go
// through the same drawing function.
//
// The toy text API is enough here: every label is one line of Latin letters, digits and the
// rupee sign, which DejaVu Sans holds whole, so Pango's shaping, font fallback and line
// breaking would add a library and do nothing. Hinting is off, so a text's width is the same
// on both surfaces and the layout measured with text_width() fits either picture.
#pragma once

#include <string>

#include "plot/scene.hpp"

namespace sos::plot {

// The scene as the bytes of a PNG file (8-bit RGB) or of an SVG document (sizes in pixels,
// glyphs embedded as outlines, so it looks the same where DejaVu is not installed). Throw
// std::runtime_error when Cairo fails (out of memory, a scene too large).
std::string render_png(const Scene& scene);
std::string render_svg(const Scene& scene);

// Width in pixels of `text` set in `font`, as both renderings draw it.
double text_width(const std::string& text, const Font& font);

// `text` whole when it fits in `max_width`, else as many of its first characters as fit with
// an ellipsis after them.
std::string fit_text(const std::string& text, const Font& font, double max_width);

}  // namespace sos::plot
