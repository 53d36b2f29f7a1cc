#include "expr/ast.hpp"

#include <fmt/format.h>

namespace sos::expr {

const char* op_text(BinOp op) {
    switch (op) {
        case BinOp::Add:
            return "+";
        case BinOp::Sub:
            return "-";
        case BinOp::Mul:
            return "*";
        case BinOp::Div:
            return "/";
        case BinOp::Lt:
            return "<";
        case BinOp::Le:
            return "<=";
        case BinOp::Gt:
            return ">";
        case BinOp::Ge:
            return ">=";
        case BinOp::Eq:
            return "==";
        case BinOp::Ne:
            return "!=";
        case BinOp::And:
            return "and";
        case BinOp::Or:
            return "or";
    }
    return "?";
}

bool is_comparison(BinOp op) {
    return op >= BinOp::Lt && op <= BinOp::Ne;
}
bool is_logical(BinOp op) {
    return op == BinOp::And || op == BinOp::Or;
}

namespace {

// Binding strength, loosest 1: or, and, not, comparison, + -, * /, unary minus, atoms.
int strength(const Node& n) {
    switch (n.kind) {
        case NodeKind::Binary:
            switch (n.binop) {
                case BinOp::Or:
                    return 1;
                case BinOp::And:
                    return 2;
                case BinOp::Add:
                case BinOp::Sub:
                    return 5;
                case BinOp::Mul:
                case BinOp::Div:
                    return 6;
                default:
                    return 4;
            }
        case NodeKind::Unary:
            return n.unop == UnOp::Not ? 3 : 7;
        default:
            return 8;
    }
}

std::string number_text(double v) {
    return fmt::format("{}", v);
}

}  // namespace

std::string to_text(const Ast& ast, int i) {
    const Node& n = ast.at(i);
    auto child = [&](int c, int min_strength) {
        std::string s = to_text(ast, c);
        return strength(ast.at(c)) < min_strength ? "(" + s + ")" : s;
    };
    switch (n.kind) {
        case NodeKind::Number:
            return number_text(n.number);
        case NodeKind::String: {
            // No escapes in the language: a string holding a double quote was written in single ones.
            const char q = n.text.find('"') == std::string::npos ? '"' : '\'';
            return q + n.text + q;
        }
        case NodeKind::Name:
            return n.text;
        case NodeKind::Unary:
            if (n.unop == UnOp::Not) return "not " + child(n.lhs, 3);
            return "-" + child(n.lhs, 7);
        case NodeKind::Binary: {
            const int s = strength(n);
            // Comparisons do not chain: parenthesise a comparison on either side.
            if (is_comparison(n.binop))
                return child(n.lhs, 5) + " " + op_text(n.binop) + " " + child(n.rhs, 5);
            // Left-associative: the right operand of a - b must bind tighter to need no parentheses.
            return child(n.lhs, s) + " " + op_text(n.binop) + " " + child(n.rhs, s + 1);
        }
        case NodeKind::Call: {
            std::string s = n.text + "(";
            for (std::size_t a = 0; a < n.args.size(); ++a)
                s += (a ? ", " : "") + to_text(ast, n.args[a]);
            return s + ")";
        }
    }
    return {};
}

}  // namespace sos::expr
