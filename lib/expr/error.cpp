#include "expr/error.hpp"

#include <fmt/format.h>

namespace sos::expr {

std::string format_expr_error(std::string_view file, std::string_view place, std::string_view text,
                              const ExprError& e) {
    // Control characters would break the caret's alignment (and the terminal): show them as '?'.
    std::string shown(text);
    for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
    int col = std::max(0, std::min<int>(e.column, static_cast<int>(shown.size())));
    return fmt::format("{}: {}: column {}: {}\n    {}\n    {}^", file, place, col + 1, e.message, shown,
                       std::string(static_cast<std::size_t>(col), ' '));
}

}  // namespace sos::expr
