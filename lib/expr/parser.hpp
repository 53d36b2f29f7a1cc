// Recursive descent from tokens to a syntax tree. Precedence, loosest first: or; and; not;
// comparisons (which do not chain: `a < b < c` is refused, write `a < b and b < c`);
// + -; * /; unary minus; then numbers, strings, names (`candle.high`), calls and parentheses.
// `not` binds looser than a comparison, as in Python and as a trader reads it:
// `not candle.close > 5` is `not (candle.close > 5)`.
#pragma once

#include <optional>
#include <string_view>

#include "expr/ast.hpp"
#include "expr/error.hpp"

namespace sos::expr {

inline constexpr int kMaxNesting = 64;

struct ParseResult {
    Ast ast;
    std::optional<ExprError> error;
};

ParseResult parse(std::string_view text);

}  // namespace sos::expr
