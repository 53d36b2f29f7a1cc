// The compiled form of a strategy's expressions: one flat vector of instructions over the
// slots of a frame (see names.hpp), each expression a range of it. Evaluation walks a range
// once, with no allocation and no lookup by name.
//
// Values are doubles. Undefined is NaN: arithmetic carries it along on its own, division by
// zero gives it, and the comparisons and logic below implement Kleene's three-valued logic
// over true = 1, false = 0, undefined = NaN.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "expr/names.hpp"

namespace sos::expr {

inline constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

enum class Op : std::uint8_t {
    Const,  // dst = k
    Add,
    Sub,
    Mul,
    Div,
    RSub,
    RDiv,  // b - a, b / a: a constant on the left becomes the immediate operand
    Neg,
    Not,
    Abs,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Min,
    Max,
};

struct Instr {
    Op op = Op::Const;
    bool imm = false;  // b is the constant k rather than a slot
    Slot dst = 0, a = 0, b = 0;
    double k = 0;

    // The handler evaluate() jumps to: each operation has one for a slot and one for a constant
    // operand, so no handler tests which it has.
    int handler() const { return static_cast<int>(op) * 2 + (imm ? 1 : 0); }
};

inline constexpr int kOpCount = static_cast<int>(Op::Max) + 1;

struct ExprRef {
    std::uint32_t begin = 0, end = 0;
    Slot result = 0;
};

// One indicator call site: its own incremental indicator per tracker, whose value (as it
// stood before the candle being judged) sits in slot `out`.
struct IndicatorSite {
    IndicatorKind kind = IndicatorKind::Atr;
    int period = 0;
    ExprRef input;  // the x of sma/ema/highest/lowest
    bool has_input = false;
    Slot out = 0;
    std::string text;  // canonical call: "sma(candle.close, 20)", "atr"
};

// A name an expression reads and where its value sits, for --explain.
struct Leaf {
    std::string name;
    Slot slot = 0;
};

// Captured variables and indicator values of one strategy live in [kCommon, kCommon + kMaxLocals);
// temporaries after that.
inline constexpr int kMaxLocals = 256;
inline constexpr Slot kTempBase = slots::kCommon + kMaxLocals;

struct Program {
    std::vector<Instr> code;
    std::vector<IndicatorSite> sites;
    int var_count = 0;
    int temp_count = 0;
    // Some expression reads the previous candle: only then does a step copy it into the frame.
    bool reads_prev = false;

    Slot var_slot(int var) const { return static_cast<Slot>(slots::kCommon + var); }
    int frame_size() const { return kTempBase + temp_count; }
};

namespace detail {
inline bool undef(double x) {
    return std::isnan(x);
}
inline double truth(bool b) {
    return b ? 1.0 : 0.0;
}
}  // namespace detail

// One operation on its operands (k for Const comes in as b).
inline double apply(Op op, double a, double b) {
    using detail::truth;
    using detail::undef;
    switch (op) {
        case Op::Const:
            return b;
        case Op::Add:
            return a + b;
        case Op::Sub:
            return a - b;
        case Op::Mul:
            return a * b;
        case Op::Div:
            return b == 0 ? kUndefined : a / b;
        case Op::RSub:
            return b - a;
        case Op::RDiv:
            return a == 0 ? kUndefined : b / a;
        case Op::Neg:
            return -a;
        case Op::Not:
            return undef(a) ? kUndefined : 1.0 - a;
        case Op::Abs:
            return std::fabs(a);
        case Op::Lt:
            return undef(a) || undef(b) ? kUndefined : truth(a < b);
        case Op::Le:
            return undef(a) || undef(b) ? kUndefined : truth(a <= b);
        case Op::Gt:
            return undef(a) || undef(b) ? kUndefined : truth(a > b);
        case Op::Ge:
            return undef(a) || undef(b) ? kUndefined : truth(a >= b);
        case Op::Eq:
            return undef(a) || undef(b) ? kUndefined : truth(a == b);
        case Op::Ne:
            return undef(a) || undef(b) ? kUndefined : truth(a != b);
        case Op::And:
            return (a == 0 || b == 0) ? 0.0 : (undef(a) || undef(b)) ? kUndefined : 1.0;
        case Op::Or:
            return (a == 1 || b == 1) ? 1.0 : (undef(a) || undef(b)) ? kUndefined : 0.0;
        case Op::Min:
            return undef(a) || undef(b) ? kUndefined : (b < a ? b : a);
        case Op::Max:
            return undef(a) || undef(b) ? kUndefined : (b > a ? b : a);
    }
    return kUndefined;
}

// Runs one expression over a frame and returns its value. With GCC and Clang each handler
// dispatches the next instruction itself (labels as values): the branch predictor then learns
// each handler's successor instead of one shared switch, which is most of an interpreter's cost.
inline double evaluate(const Program& p, const ExprRef& e, double* f) {
    const Instr* in = p.code.data() + e.begin;
    const Instr* const end = p.code.data() + e.end;
    if (in == end) return f[e.result];
#if defined(__GNUC__)
    using detail::truth;
    using detail::undef;
#define SOS_NEXT                         \
    if (++in == end) return f[e.result]; \
    goto* kHandlers[in->handler()]
#define SOS_BIN(NAME, EXPR)                      \
    NAME##_r : {                                 \
        const double a = f[in->a], b = f[in->b]; \
        f[in->dst] = (EXPR);                     \
        SOS_NEXT;                                \
    }                                            \
    NAME##_k : {                                 \
        const double a = f[in->a], b = in->k;    \
        f[in->dst] = (EXPR);                     \
        SOS_NEXT;                                \
    }
#define SOS_CMP(NAME, OP) SOS_BIN(NAME, undef(a) || undef(b) ? kUndefined : truth(a OP b))
    // In Op order, a slot handler then a constant handler for each.
    static const void* const kHandlers[kOpCount * 2] = {
        &&Const_r, &&Const_k, &&Add_r,  &&Add_k,  &&Sub_r, &&Sub_k, &&Mul_r, &&Mul_k, &&Div_r, &&Div_k,
        &&RSub_r,  &&RSub_k,  &&RDiv_r, &&RDiv_k, &&Neg_r, &&Neg_k, &&Not_r, &&Not_k, &&Abs_r, &&Abs_k,
        &&Lt_r,    &&Lt_k,    &&Le_r,   &&Le_k,   &&Gt_r,  &&Gt_k,  &&Ge_r,  &&Ge_k,  &&Eq_r,  &&Eq_k,
        &&Ne_r,    &&Ne_k,    &&And_r,  &&And_k,  &&Or_r,  &&Or_k,  &&Min_r, &&Min_k, &&Max_r, &&Max_k,
    };
    goto* kHandlers[in->handler()];
Const_r:
Const_k:
    f[in->dst] = in->k;
    SOS_NEXT;
    SOS_BIN(Add, a + b)
    SOS_BIN(Sub, a - b)
    SOS_BIN(Mul, a * b)
    SOS_BIN(Div, b == 0 ? kUndefined : a / b)
    SOS_BIN(RSub, b - a)
    SOS_BIN(RDiv, a == 0 ? kUndefined : b / a)
    SOS_BIN(Neg, (static_cast<void>(b), -a))
    SOS_BIN(Not, (static_cast<void>(b), undef(a) ? kUndefined : 1.0 - a))
    SOS_BIN(Abs, (static_cast<void>(b), std::fabs(a)))
    SOS_CMP(Lt, <)
    SOS_CMP(Le, <=)
    SOS_CMP(Gt, >)
    SOS_CMP(Ge, >=)
    SOS_CMP(Eq, ==)
    SOS_CMP(Ne, !=)
    SOS_BIN(And, (a == 0 || b == 0) ? 0.0 : (undef(a) || undef(b)) ? kUndefined : 1.0)
    SOS_BIN(Or, (a == 1 || b == 1) ? 1.0 : (undef(a) || undef(b)) ? kUndefined : 0.0)
    SOS_BIN(Min, undef(a) || undef(b) ? kUndefined : (b < a ? b : a))
    SOS_BIN(Max, undef(a) || undef(b) ? kUndefined : (b > a ? b : a))
#undef SOS_CMP
#undef SOS_BIN
#undef SOS_NEXT
#else
    for (; in != end; ++in)
        f[in->dst] = apply(in->op, f[in->a], in->imm ? in->k : f[in->b]);
    return f[e.result];
#endif
}

// evaluate() written for the caller's own loop: a switch the compiler can inline (a function
// taking its labels' addresses cannot be), so a phase's conditions are tested without a call
// each; the operand loads and the undefined checks are the same as evaluate()'s.
[[gnu::always_inline]] inline double evaluate_inline(const Program& p, const ExprRef& e, double* f) {
    const Instr* in = p.code.data() + e.begin;
    const Instr* const end = p.code.data() + e.end;
    for (; in != end; ++in)
        f[in->dst] = apply(in->op, f[in->a], in->imm ? in->k : f[in->b]);
    return f[e.result];
}

// evaluate() without the call for an expression that is only a name (candle.close, var.x):
// its value is already in its slot.
inline double value_of(const Program& p, const ExprRef& e, double* f) {
    return e.begin == e.end ? f[e.result] : evaluate(p, e, f);
}

// A condition or gate holds only when it is true: undefined never is.
inline bool holds(double v) {
    return v == 1.0;
}

}  // namespace sos::expr
