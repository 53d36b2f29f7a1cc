#include "expr/lexer.hpp"

#include <fmt/format.h>
#include <charconv>

namespace sos::expr {

namespace {

bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}
bool digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::string describe(const Token& t) {
    switch (t.kind) {
        case Tok::End:
            return "the end of the expression";
        case Tok::String:
            return fmt::format("the string \"{}\"", t.text);
        case Tok::Number:
            return fmt::format("the number {}", t.text);
        case Tok::Name:
            return fmt::format("'{}'", t.text);
        default:
            return fmt::format("'{}'", t.text);
    }
}

LexResult lex(std::string_view s) {
    LexResult r;
    if (s.size() > kMaxExpressionBytes) {
        r.error = ExprError{0, fmt::format("expression longer than {} characters", kMaxExpressionBytes)};
        return r;
    }
    auto fail = [&](std::size_t col, std::string msg) {
        r.error = ExprError{static_cast<int>(col), std::move(msg)};
        return r;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        Token t;
        t.column = static_cast<int>(i);
        const std::size_t start = i;
        if (digit(c) || (c == '.' && i + 1 < s.size() && digit(s[i + 1]))) {
            // digits [. digits] [e[+-]digits]; a name glued to a number (2x) is an error.
            while (i < s.size() && digit(s[i]))
                ++i;
            if (i < s.size() && s[i] == '.') {
                ++i;
                while (i < s.size() && digit(s[i]))
                    ++i;
            }
            if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
                std::size_t j = i + 1;
                if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
                if (j < s.size() && digit(s[j])) {
                    i = j;
                    while (i < s.size() && digit(s[i]))
                        ++i;
                }
            }
            if (i < s.size() && (name_char(s[i]) || s[i] == '.')) {
                while (i < s.size() && (name_char(s[i]) || s[i] == '.'))
                    ++i;
                return fail(start, fmt::format("malformed number '{}'", s.substr(start, i - start)));
            }
            t.kind = Tok::Number;
            t.text = s.substr(start, i - start);
            auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.number);
            if (ec == std::errc::result_out_of_range)
                return fail(start, fmt::format("the number '{}' is out of range", t.text));
            if (ec != std::errc() || p != t.text.data() + t.text.size())
                return fail(start, fmt::format("malformed number '{}'", t.text));
        } else if (name_start(c)) {
            while (i < s.size() && name_char(s[i]))
                ++i;
            t.text = s.substr(start, i - start);
            if (t.text == "and")
                t.kind = Tok::And;
            else if (t.text == "or")
                t.kind = Tok::Or;
            else if (t.text == "not")
                t.kind = Tok::Not;
            else
                t.kind = Tok::Name;
        } else if (c == '"' || c == '\'') {
            ++i;
            while (i < s.size() && s[i] != c)
                ++i;
            if (i >= s.size()) return fail(start, "unterminated string: a closing quote is missing");
            t.kind = Tok::String;
            t.text = s.substr(start + 1, i - start - 1);
            ++i;
        } else {
            auto two = [&](char next) { return i + 1 < s.size() && s[i + 1] == next; };
            std::size_t len = 1;
            switch (c) {
                case '.':
                    t.kind = Tok::Dot;
                    break;
                case ',':
                    t.kind = Tok::Comma;
                    break;
                case '(':
                    t.kind = Tok::LParen;
                    break;
                case ')':
                    t.kind = Tok::RParen;
                    break;
                case '+':
                    t.kind = Tok::Plus;
                    break;
                case '-':
                    t.kind = Tok::Minus;
                    break;
                case '*':
                    t.kind = Tok::Star;
                    break;
                case '/':
                    t.kind = Tok::Slash;
                    break;
                case '<':
                    t.kind = two('=') ? Tok::Le : Tok::Lt;
                    len = two('=') ? 2 : 1;
                    break;
                case '>':
                    t.kind = two('=') ? Tok::Ge : Tok::Gt;
                    len = two('=') ? 2 : 1;
                    break;
                case '=':
                    if (!two('=')) return fail(start, "'=' is not an operator: compare with '=='");
                    t.kind = Tok::Eq;
                    len = 2;
                    break;
                case '!':
                    t.kind = two('=') ? Tok::Ne : Tok::Not;
                    len = two('=') ? 2 : 1;
                    break;
                case '&':
                    if (!two('&')) return fail(start, "'&' is not an operator: use 'and' (or '&&')");
                    t.kind = Tok::And;
                    len = 2;
                    break;
                case '|':
                    if (!two('|')) return fail(start, "'|' is not an operator: use 'or' (or '||')");
                    t.kind = Tok::Or;
                    len = 2;
                    break;
                default: {
                    const auto u = static_cast<unsigned char>(c);
                    if (u < 0x20 || u >= 0x7f)
                        return fail(start, fmt::format("unexpected character (byte 0x{:02x})", u));
                    return fail(start, fmt::format("unexpected character '{}'", c));
                }
            }
            t.text = s.substr(start, len);
            i += len;
        }
        r.tokens.push_back(t);
    }
    Token end;
    end.kind = Tok::End;
    end.column = static_cast<int>(s.size());
    r.tokens.push_back(end);
    return r;
}

}  // namespace sos::expr
