// Writes a Scene as an SVG document, by hand: a handful of elements, no library needed.
#pragma once

#include <string>

#include "plot/scene.hpp"

namespace sos::plot {

std::string render_svg(const Scene& scene);

}  // namespace sos::plot
