// An error found in one expression: where (a byte column, 0-based) and why. The strategy
// loader adds the file and the place in the file; format_expr_error draws the caret.
#pragma once

#include <string>
#include <string_view>

namespace sos::expr {

struct ExprError {
    int column = 0;
    std::string message;
};

// "FILE: PLACE: column N: MESSAGE" then the expression and a caret under the column:
//   strategies/brf.json: phases[1].conditions[0]: column 16: unknown name 'var.mother_x'
//       candle.close < var.mother_x
//                      ^
std::string format_expr_error(std::string_view file, std::string_view place, std::string_view text,
                              const ExprError& e);

}  // namespace sos::expr
