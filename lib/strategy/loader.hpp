// Reads one strategy file (JSON) into a checked, compiled Strategy, or says everything that is
// wrong with it: every error names the file and the place (`phases[1].conditions[0]`), and
// inside an expression the column, with a caret under it. Both spellings of the seeds load
// (`states`/`step`, `regime_overrides`, `tp_multiplier`, `quantity_scale`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "strategy/strategy.hpp"

namespace sos::strategy {

struct LoadResult {
    std::shared_ptr<const Strategy> strategy;  // null when there were errors
    std::vector<std::string> errors;           // each "FILE: PLACE: message" (with caret lines)
};

LoadResult load_strategy(std::string_view file, std::string_view text);

}  // namespace sos::strategy
