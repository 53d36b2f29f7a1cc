// The shape most conditions have, tested without the interpreter: one comparison of two
// terms, each a name, a constant, or one arithmetic operation on names and constants
// ("candle.range > atr * 1.2", "sentiment.iv / sentiment.hv >= 1.25"). Phase conditions run
// for every tracker on every candle, and an interpreted one pays a dispatch and a store per
// operation; this form pays neither.
//
// It answers only whether the condition holds, which a plain IEEE comparison gives: it is
// false when either side is NaN, as holding is for an undefined side. Arithmetic is the
// interpreter's own `apply`, so the answer is the interpreter's; the evaluator tests hold the
// two equal.
#pragma once

#include "expr/program.hpp"

namespace sos::expr {

struct Term {
    bool single = true;  // a name or a constant; else op on a and (b or k)
    bool imm = false;    // single: the constant k; else b is the constant k
    Op op = Op::Const;
    Slot a = 0, b = 0;
    double k = 0;

    double value(const double* f) const {
        if (single) return imm ? k : f[a];
        return apply(op, f[a], imm ? k : f[b]);
    }
};

struct FastCondition {
    bool usable = false;  // false: the condition has another shape; interpret it
    Op cmp = Op::Lt;
    Term lhs, rhs;

    bool holds(const double* f) const {
        const double x = lhs.value(f), y = rhs.value(f);
        switch (cmp) {
            case Op::Lt:
                return x < y;
            case Op::Le:
                return x <= y;
            case Op::Gt:
                return x > y;
            case Op::Ge:
                return x >= y;
            default:  // Eq
                return x == y;
        }
    }
};

// The fast form of a compiled condition, or one with usable == false.
FastCondition fast_condition(const Program& p, const ExprRef& e);

}  // namespace sos::expr
