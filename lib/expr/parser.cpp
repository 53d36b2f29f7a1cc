#include "expr/parser.hpp"

#include <fmt/format.h>

#include "expr/lexer.hpp"

namespace sos::expr {

namespace {

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

    ParseResult run() {
        ParseResult r;
        if (peek().kind == Tok::End) {
            r.error = ExprError{0, "empty expression"};
            return r;
        }
        int root = expression();
        if (!error_ && peek().kind != Tok::End) {
            const Token& t = peek();
            fail(t.column, fmt::format("unexpected {} after a complete expression", describe(t)));
        }
        if (error_) {
            r.error = error_;
            return r;
        }
        ast_.root = root;
        r.ast = std::move(ast_);
        return r;
    }

private:
    const Token& peek() const { return toks_[pos_]; }
    const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
    bool accept(Tok k) {
        if (peek().kind != k) return false;
        next();
        return true;
    }
    int fail(int column, std::string msg) {
        if (!error_) error_ = ExprError{column, std::move(msg)};
        return -1;
    }
    int add(Node n) {
        ast_.nodes.push_back(std::move(n));
        return static_cast<int>(ast_.nodes.size() - 1);
    }
    // Bounds the recursion: a hostile file of ((((( must not exhaust the stack.
    struct Depth {
        Parser& p;
        explicit Depth(Parser& parser) : p(parser) { ++p.depth_; }
        ~Depth() { --p.depth_; }
    };
    bool too_deep() {
        if (depth_ <= kMaxNesting) return false;
        fail(peek().column, fmt::format("expression nested more than {} levels deep", kMaxNesting));
        return true;
    }

    int binary(int lhs, BinOp op, int op_column, int rhs) {
        Node n;
        n.kind = NodeKind::Binary;
        n.column = ast_.at(lhs).column;
        n.binop = op;
        n.op_column = op_column;
        n.lhs = lhs;
        n.rhs = rhs;
        return add(std::move(n));
    }

    int expression() { return or_expr(); }

    int or_expr() {
        int lhs = and_expr();
        while (!error_ && peek().kind == Tok::Or) {
            int col = next().column;
            int rhs = and_expr();
            if (error_) return -1;
            lhs = binary(lhs, BinOp::Or, col, rhs);
        }
        return error_ ? -1 : lhs;
    }

    int and_expr() {
        int lhs = not_expr();
        while (!error_ && peek().kind == Tok::And) {
            int col = next().column;
            int rhs = not_expr();
            if (error_) return -1;
            lhs = binary(lhs, BinOp::And, col, rhs);
        }
        return error_ ? -1 : lhs;
    }

    int not_expr() {
        Depth d(*this);
        if (too_deep()) return -1;
        if (peek().kind == Tok::Not) {
            int col = next().column;
            int operand = not_expr();
            if (error_) return -1;
            Node n;
            n.kind = NodeKind::Unary;
            n.unop = UnOp::Not;
            n.column = col;
            n.lhs = operand;
            return add(std::move(n));
        }
        return comparison();
    }

    static std::optional<BinOp> comparison_op(Tok k) {
        switch (k) {
            case Tok::Lt:
                return BinOp::Lt;
            case Tok::Le:
                return BinOp::Le;
            case Tok::Gt:
                return BinOp::Gt;
            case Tok::Ge:
                return BinOp::Ge;
            case Tok::Eq:
                return BinOp::Eq;
            case Tok::Ne:
                return BinOp::Ne;
            default:
                return std::nullopt;
        }
    }

    int comparison() {
        int lhs = additive();
        if (error_) return -1;
        if (auto op = comparison_op(peek().kind)) {
            int col = next().column;
            int rhs = additive();
            if (error_) return -1;
            lhs = binary(lhs, *op, col, rhs);
            if (comparison_op(peek().kind))
                return fail(peek().column, "comparisons do not chain: join them with 'and'");
        }
        return lhs;
    }

    int additive() {
        int lhs = multiplicative();
        while (!error_ && (peek().kind == Tok::Plus || peek().kind == Tok::Minus)) {
            BinOp op = peek().kind == Tok::Plus ? BinOp::Add : BinOp::Sub;
            int col = next().column;
            int rhs = multiplicative();
            if (error_) return -1;
            lhs = binary(lhs, op, col, rhs);
        }
        return error_ ? -1 : lhs;
    }

    int multiplicative() {
        int lhs = unary();
        while (!error_ && (peek().kind == Tok::Star || peek().kind == Tok::Slash)) {
            BinOp op = peek().kind == Tok::Star ? BinOp::Mul : BinOp::Div;
            int col = next().column;
            int rhs = unary();
            if (error_) return -1;
            lhs = binary(lhs, op, col, rhs);
        }
        return error_ ? -1 : lhs;
    }

    int unary() {
        Depth d(*this);
        if (too_deep()) return -1;
        if (peek().kind == Tok::Minus) {
            int col = next().column;
            int operand = unary();
            if (error_) return -1;
            Node n;
            n.kind = NodeKind::Unary;
            n.unop = UnOp::Neg;
            n.column = col;
            n.lhs = operand;
            return add(std::move(n));
        }
        if (peek().kind == Tok::Plus) return fail(peek().column, "unary '+' is not supported: drop it");
        if (peek().kind == Tok::Not)
            return fail(peek().column,
                        "'not' applies to a whole comparison: put it first or use parentheses");
        return primary();
    }

    int primary() {
        const Token& t = peek();
        switch (t.kind) {
            case Tok::Number: {
                next();
                Node n;
                n.kind = NodeKind::Number;
                n.column = t.column;
                n.number = t.number;
                n.text = std::string(t.text);
                return add(std::move(n));
            }
            case Tok::String: {
                next();
                Node n;
                n.kind = NodeKind::String;
                n.column = t.column;
                n.text = std::string(t.text);
                return add(std::move(n));
            }
            case Tok::LParen: {
                int open = next().column;
                if (peek().kind == Tok::RParen)
                    return fail(peek().column, "expected an expression inside '()'");
                int inner = expression();
                if (error_) return -1;
                if (!accept(Tok::RParen))
                    return fail(peek().column,
                                fmt::format("expected ')' to close the '(' at column {}, found {}", open + 1,
                                            describe(peek())));
                return inner;
            }
            case Tok::Name:
                return name_or_call();
            case Tok::End:
                return fail(t.column, "expected a value, found the end of the expression");
            default:
                return fail(t.column, fmt::format("expected a value, found {}", describe(t)));
        }
    }

    int name_or_call() {
        const Token first = next();
        Node n;
        n.kind = NodeKind::Name;
        n.column = first.column;
        n.parts.emplace_back(first.text);
        n.part_columns.push_back(first.column);
        while (peek().kind == Tok::Dot) {
            next();
            const Token& part = peek();
            if (part.kind != Tok::Name)
                return fail(part.column, fmt::format("expected a name after '.', found {}", describe(part)));
            next();
            n.parts.emplace_back(part.text);
            n.part_columns.push_back(part.column);
        }
        for (std::size_t i = 0; i < n.parts.size(); ++i)
            n.text += (i ? "." : "") + n.parts[i];
        if (peek().kind != Tok::LParen) return add(std::move(n));
        if (n.parts.size() > 1)
            return fail(peek().column,
                        fmt::format("'{}' is a value, not a function: it cannot be called", n.text));
        next();
        Node call;
        call.kind = NodeKind::Call;
        call.column = first.column;
        call.text = n.text;
        if (!accept(Tok::RParen)) {
            for (;;) {
                int arg = expression();
                if (error_) return -1;
                call.args.push_back(arg);
                if (accept(Tok::RParen)) break;
                if (!accept(Tok::Comma))
                    return fail(peek().column,
                                fmt::format("expected ',' or ')' in the arguments of '{}', found {}",
                                            call.text, describe(peek())));
            }
        }
        return add(std::move(call));
    }

    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    Ast ast_;
    std::optional<ExprError> error_;
};

}  // namespace

ParseResult parse(std::string_view text) {
    LexResult lexed = lex(text);
    if (lexed.error) {
        ParseResult r;
        r.error = lexed.error;
        return r;
    }
    return Parser(std::move(lexed.tokens)).run();
}

}  // namespace sos::expr
