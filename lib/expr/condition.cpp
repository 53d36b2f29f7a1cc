#include "expr/condition.hpp"

namespace sos::expr {

namespace {

bool comparison(Op op) {
    return op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge || op == Op::Eq;
}

bool arithmetic(Op op) {
    return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::RSub ||
           op == Op::RDiv;
}

}  // namespace

FastCondition fast_condition(const Program& p, const ExprRef& e) {
    FastCondition c;
    if (e.begin == e.end || e.end - e.begin > 3) return c;
    const Instr* code = p.code.data();
    const Instr& last = code[e.end - 1];
    if (last.dst != e.result || !comparison(last.op)) return c;
    std::uint32_t used = 1;  // instructions of the range the shape accounts for
    // An operand of the comparison as a term: a name, a constant, or the temporary that one
    // arithmetic instruction of the range made from names and constants.
    auto term = [&](Slot s, bool imm, double k, Term& t) {
        if (imm) {
            t.imm = true;
            t.k = k;
            return true;
        }
        if (s < kTempBase) {
            t.a = s;
            return true;
        }
        for (std::uint32_t i = e.begin; i + 1 < e.end; ++i) {
            const Instr& in = code[i];
            if (in.dst != s) continue;
            if (!arithmetic(in.op) || in.a >= kTempBase || (!in.imm && in.b >= kTempBase)) return false;
            t.single = false;
            t.op = in.op;
            t.a = in.a;
            t.b = in.b;
            t.imm = in.imm;
            t.k = in.k;
            ++used;
            return true;
        }
        return false;
    };
    if (!term(last.a, false, 0, c.lhs) || !term(last.b, last.imm, last.k, c.rhs)) return c;
    if (used != e.end - e.begin) return c;
    c.cmp = last.op;
    c.usable = true;
    return c;
}

}  // namespace sos::expr
