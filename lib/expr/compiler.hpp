// Parses, checks and lowers expressions into one strategy's Program. Every indicator call
// site becomes an IndicatorSite with its own slot; constants are folded; an expression that is
// only a name compiles to no instruction at all (its result is the name's slot).
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "expr/checker.hpp"
#include "expr/program.hpp"

namespace sos::expr {

struct Compiled {
    ExprRef ref;
    std::vector<Leaf> leaves;  // what it reads, for --explain
    std::string text;          // canonical form
};

class Compiler {
public:
    // `var_count` slots after kCommon hold the strategy's captured variables.
    Compiler(Program& program, int var_count);

    std::variant<Compiled, ExprError> compile(std::string_view text, const Scope& scope);

private:
    Program& p_;
};

}  // namespace sos::expr
