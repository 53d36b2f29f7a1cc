// The syntax tree of one expression, in an arena: nodes refer to each other by index. Every
// node keeps the column where it starts so later errors can point at it.
#pragma once

#include <string>
#include <vector>

namespace sos::expr {

enum class NodeKind { Number, String, Name, Unary, Binary, Call };
enum class UnOp { Neg, Not };
enum class BinOp { Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne, And, Or };

struct Node {
    NodeKind kind = NodeKind::Number;
    int column = 0;
    double number = 0;               // Number
    std::string text;                // String contents; Name joined with dots; Call's function
    std::vector<std::string> parts;  // Name: the dotted parts
    std::vector<int> part_columns;   // Name: where each part starts
    UnOp unop = UnOp::Neg;
    BinOp binop = BinOp::Add;
    int op_column = 0;       // Binary: where the operator is
    int lhs = -1, rhs = -1;  // Unary uses lhs
    std::vector<int> args;   // Call
};

struct Ast {
    std::vector<Node> nodes;
    int root = -1;

    const Node& at(int i) const { return nodes[static_cast<std::size_t>(i)]; }
};

const char* op_text(BinOp op);
bool is_comparison(BinOp op);
bool is_logical(BinOp op);

// The expression written back in a canonical spacing, parenthesised only where needed:
// used to name indicator call sites and in --explain output.
std::string to_text(const Ast& ast, int node);

}  // namespace sos::expr
