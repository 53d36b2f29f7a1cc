// Cuts an expression into tokens: numbers, names, quoted strings, operators and the word
// operators and/or/not. Names and the dots between them are separate tokens so that the
// parser can point at each part of `sentiment.breadth.adv`.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "expr/error.hpp"

namespace sos::expr {

enum class Tok {
    End,
    Number,
    Name,
    String,  // text holds the contents without the quotes
    Dot,
    Comma,
    LParen,
    RParen,
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,  // and, &&
    Or,   // or, ||
    Not,  // not, !
};

struct Token {
    Tok kind = Tok::End;
    std::string_view text;  // as written (for String: between the quotes)
    int column = 0;         // byte offset of the token's first character
    double number = 0;
};

// The longest expression accepted: strategies are short, and a bound keeps a hostile file
// from costing more than a glance.
inline constexpr std::size_t kMaxExpressionBytes = 4096;

// Tokens ending with one End token, or the first lexical error.
struct LexResult {
    std::vector<Token> tokens;
    std::optional<ExprError> error;
};

LexResult lex(std::string_view text);

// How a token is shown in messages: "'<='", "the end of the expression".
std::string describe(const Token& t);

}  // namespace sos::expr
