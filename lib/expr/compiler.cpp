#include "expr/compiler.hpp"

#include <fmt/format.h>

#include "expr/parser.hpp"

namespace sos::expr {

namespace {

struct Operand {
    bool is_const = false;
    double k = 0;
    Slot slot = 0;
};

// With a constant on the left, the same operation with the operands swapped.
Op swapped(Op op) {
    switch (op) {
        case Op::Sub:
            return Op::RSub;
        case Op::Div:
            return Op::RDiv;
        case Op::Lt:
            return Op::Gt;
        case Op::Le:
            return Op::Ge;
        case Op::Gt:
            return Op::Lt;
        case Op::Ge:
            return Op::Le;
        default:
            return op;  // commutative
    }
}

Op binop_code(BinOp b) {
    switch (b) {
        case BinOp::Add:
            return Op::Add;
        case BinOp::Sub:
            return Op::Sub;
        case BinOp::Mul:
            return Op::Mul;
        case BinOp::Div:
            return Op::Div;
        case BinOp::Lt:
            return Op::Lt;
        case BinOp::Le:
            return Op::Le;
        case BinOp::Gt:
            return Op::Gt;
        case BinOp::Ge:
            return Op::Ge;
        case BinOp::Eq:
            return Op::Eq;
        case BinOp::Ne:
            return Op::Ne;
        case BinOp::And:
            return Op::And;
        case BinOp::Or:
            return Op::Or;
    }
    return Op::Add;
}

class Lowering {
public:
    Lowering(const Ast& ast, const Checked& ck, Program& p, std::vector<Leaf>* leaves)
        : ast_(ast), ck_(ck), p_(p), leaves_(leaves) {}

    // Lowers node i; its code is appended to p_.code as one range.
    std::optional<ExprRef> run(int i) {
        Operand o = emit(i);
        if (error) return std::nullopt;
        if (o.is_const) o.slot = push(Op::Const, Operand{}, Operand{true, o.k, 0});
        ExprRef r;
        r.begin = static_cast<std::uint32_t>(p_.code.size());
        p_.code.insert(p_.code.end(), code_.begin(), code_.end());
        r.end = static_cast<std::uint32_t>(p_.code.size());
        r.result = o.slot;
        p_.temp_count = std::max(p_.temp_count, temps_);
        return r;
    }

    std::optional<ExprError> error;

private:
    Slot push(Op op, Operand a, Operand b) {
        Instr in;
        in.op = op;
        in.a = a.slot;
        if (b.is_const) {
            in.imm = true;
            in.k = b.k;
        } else {
            in.b = b.slot;
        }
        in.dst = static_cast<Slot>(kTempBase + temps_++);
        code_.push_back(in);
        return in.dst;
    }

    Operand op2(Op op, Operand a, Operand b) {
        if (a.is_const && b.is_const) return Operand{true, apply(op, a.k, b.k), 0};
        if (a.is_const) return Operand{false, 0, push(swapped(op), b, a)};
        return Operand{false, 0, push(op, a, b)};
    }

    Operand op1(Op op, Operand a) {
        if (a.is_const) return Operand{true, apply(op, a.k, 0), 0};
        return Operand{false, 0, push(op, a, Operand{true, 0, 0})};
    }

    void leaf(std::string name, Slot s) {
        if (!leaves_) return;
        for (const auto& l : *leaves_)
            if (l.name == name) return;
        leaves_->push_back(Leaf{std::move(name), s});
    }

    Operand emit(int i) {
        if (error) return {};
        const Node& n = ast_.at(i);
        const Resolved& r = ck_.res[static_cast<std::size_t>(i)];
        switch (n.kind) {
            case NodeKind::Number:
                return Operand{true, n.number, 0};
            case NodeKind::String:
                return Operand{true, static_cast<double>(r.period), 0};  // a regime's index
            case NodeKind::Name:
                if (r.what == Resolved::What::Indicator) return indicator(i, n, r);
                if (r.what == Resolved::What::Var) {
                    Slot s = p_.var_slot(r.var);
                    leaf(n.text, s);
                    return Operand{false, 0, s};
                }
                leaf(n.text, r.slot);
                if (r.slot >= slots::kPrev && r.slot < slots::kPrev + kCandleFields) p_.reads_prev = true;
                return Operand{false, 0, r.slot};
            case NodeKind::Unary:
                return op1(n.unop == UnOp::Neg ? Op::Neg : Op::Not, emit(n.lhs));
            case NodeKind::Binary: {
                Operand a = emit(n.lhs);
                Operand b = emit(n.rhs);
                return op2(binop_code(n.binop), a, b);
            }
            case NodeKind::Call: {
                if (r.what == Resolved::What::Indicator) return indicator(i, n, r);
                Operand acc = emit(n.args[0]);
                if (r.func == Func::Abs) return op1(Op::Abs, acc);
                const Op op = r.func == Func::Min ? Op::Min : Op::Max;
                for (std::size_t a = 1; a < n.args.size(); ++a)
                    acc = op2(op, acc, emit(n.args[a]));
                return acc;
            }
        }
        return {};
    }

    Operand indicator(int i, const Node& n, const Resolved& r) {
        IndicatorSite site;
        site.kind = r.indicator;
        site.period = r.period;
        site.text = n.kind == NodeKind::Name ? n.text : to_text(ast_, i);
        if (n.kind == NodeKind::Call && n.text == "avg") site.text = "avg";
        const bool takes_x = r.indicator == IndicatorKind::Sma || r.indicator == IndicatorKind::Ema ||
                             r.indicator == IndicatorKind::Highest || r.indicator == IndicatorKind::Lowest;
        if (takes_x) {
            site.has_input = true;
            const bool is_avg = n.kind == NodeKind::Name || n.text == "avg";
            if (is_avg) {
                // avg = sma(candle.volume, 20): its input is the candle's volume slot itself.
                site.input.begin = site.input.end = static_cast<std::uint32_t>(p_.code.size());
                site.input.result = static_cast<Slot>(slots::kCandle + kVolume);
            } else {
                Lowering inner(ast_, ck_, p_, nullptr);
                auto ref = inner.run(n.args[0]);
                if (!ref) {
                    error = inner.error;
                    return {};
                }
                site.input = *ref;
            }
        }
        const int local = p_.var_count + static_cast<int>(p_.sites.size());
        if (local >= kMaxLocals) {
            error = ExprError{n.column,
                              fmt::format("too many captured variables and indicator calls in one strategy "
                                          "(at most {})",
                                          kMaxLocals)};
            return {};
        }
        site.out = static_cast<Slot>(slots::kCommon + local);
        leaf(site.text, site.out);
        const Slot out = site.out;
        p_.sites.push_back(std::move(site));
        return Operand{false, 0, out};
    }

    const Ast& ast_;
    const Checked& ck_;
    Program& p_;
    std::vector<Leaf>* leaves_;
    std::vector<Instr> code_;
    int temps_ = 0;
};

}  // namespace

Compiler::Compiler(Program& program, int var_count) : p_(program) {
    p_.var_count = var_count;
}

std::variant<Compiled, ExprError> Compiler::compile(std::string_view text, const Scope& scope) {
    ParseResult parsed = parse(text);
    if (parsed.error) return *parsed.error;
    auto checked = check(parsed.ast, scope);
    if (auto* e = std::get_if<ExprError>(&checked)) return *e;
    const auto& ck = std::get<Checked>(checked);
    Compiled c;
    // Sites made by a failed expression must not linger: roll back on error.
    const std::size_t sites_before = p_.sites.size();
    const std::size_t code_before = p_.code.size();
    Lowering low(parsed.ast, ck, p_, &c.leaves);
    auto ref = low.run(parsed.ast.root);
    if (!ref) {
        p_.sites.resize(sites_before);
        p_.code.resize(code_before);
        return *low.error;
    }
    c.ref = *ref;
    c.text = to_text(parsed.ast, parsed.ast.root);
    return c;
}

}  // namespace sos::expr
