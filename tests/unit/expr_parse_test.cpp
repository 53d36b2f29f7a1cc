// The lexer and parser: what they accept, how they group, and every message they give.
#include <catch2/catch.hpp>

#include "expr/lexer.hpp"
#include "expr/parser.hpp"

using namespace sos::expr;

namespace {

std::string canon(std::string_view text) {
    auto r = parse(text);
    if (r.error) return "error at " + std::to_string(r.error->column) + ": " + r.error->message;
    return to_text(r.ast, r.ast.root);
}

ExprError error_of(std::string_view text) {
    auto r = parse(text);
    REQUIRE(r.error);
    return *r.error;
}

}  // namespace

TEST_CASE("lexer reads numbers names strings and operators with their columns") {
    auto r = lex("candle.close >= 1.5e2 && regime != 'SIDEWAYS'");
    REQUIRE_FALSE(r.error);
    std::vector<Tok> kinds;
    for (const auto& t : r.tokens)
        kinds.push_back(t.kind);
    CHECK(kinds == std::vector<Tok>{Tok::Name, Tok::Dot, Tok::Name, Tok::Ge, Tok::Number, Tok::And, Tok::Name,
                                    Tok::Ne, Tok::String, Tok::End});
    CHECK(r.tokens[4].number == 150);
    CHECK(r.tokens[4].column == 16);
    CHECK(r.tokens[8].text == "SIDEWAYS");
    CHECK(lex(".5").tokens[0].number == 0.5);
    CHECK(lex("and or not").tokens[2].kind == Tok::Not);
}

TEST_CASE("lexer errors name the column") {
    CHECK(lex("1 @ 2").error->message == "unexpected character '@'");
    CHECK(lex("1 @ 2").error->column == 2);
    CHECK(lex("a = b").error->message == "'=' is not an operator: compare with '=='");
    CHECK(lex("a & b").error->message == "'&' is not an operator: use 'and' (or '&&')");
    CHECK(lex("a | b").error->message == "'|' is not an operator: use 'or' (or '||')");
    CHECK(lex("regime == \"SIDE").error->message == "unterminated string: a closing quote is missing");
    CHECK(lex("1.2.3").error->message == "malformed number '1.2.3'");
    CHECK(lex("2x").error->message == "malformed number '2x'");
    CHECK(lex("a \x01").error->message == "unexpected character (byte 0x01)");
    CHECK(lex(std::string(5000, '1')).error->message == "expression longer than 4096 characters");
}

TEST_CASE("precedence and grouping follow the documented order") {
    CHECK(canon("1 + 2 * 3") == "1 + 2 * 3");
    CHECK(canon("(1 + 2) * 3") == "(1 + 2) * 3");
    CHECK(canon("a - (b - c)") == "a - (b - c)");
    CHECK(canon("a - b - c") == "a - b - c");
    CHECK(canon("-a * b") == "-a * b");
    CHECK(canon("not a > 1 and b < 2 or c == 3") == "not a > 1 and b < 2 or c == 3");
    CHECK(canon("not (a > 1 and b < 2)") == "not (a > 1 and b < 2)");
    CHECK(canon("a > 1 && !(b < 2) || c") == "a > 1 and not b < 2 or c");
    CHECK(canon("a or b and c") == "a or b and c");
    CHECK(canon("(a or b) and c") == "(a or b) and c");
    CHECK(canon("max(a, b, 3) / atr(14)") == "max(a, b, 3) / atr(14)");
    CHECK(canon("sentiment.breadth.adv") == "sentiment.breadth.adv");
    CHECK(canon("  candle.close\t<  prev.low ") == "candle.close < prev.low");
}

TEST_CASE("not binds looser than a comparison") {
    auto r = parse("not candle.close > 5");
    REQUIRE_FALSE(r.error);
    const Node& root = r.ast.at(r.ast.root);
    CHECK(root.kind == NodeKind::Unary);
    CHECK(root.unop == UnOp::Not);
    CHECK(r.ast.at(root.lhs).kind == NodeKind::Binary);
}

TEST_CASE("every parser error message with its column") {
    CHECK(error_of("").message == "empty expression");
    CHECK(error_of("   ").message == "empty expression");
    auto e = error_of("candle.close <");
    CHECK(e.message == "expected a value, found the end of the expression");
    CHECK(e.column == 14);
    CHECK(error_of("1 2").message == "unexpected the number 2 after a complete expression");
    CHECK(error_of("(1 + 2").message ==
          "expected ')' to close the '(' at column 1, found the end of the expression");
    CHECK(error_of("()").message == "expected an expression inside '()'");
    CHECK(error_of("a < b < c").message == "comparisons do not chain: join them with 'and'");
    CHECK(error_of("a < b < c").column == 6);
    CHECK(error_of("candle.").message == "expected a name after '.', found the end of the expression");
    CHECK(error_of("candle.high(1)").message ==
          "'candle.high' is a value, not a function: it cannot be called");
    CHECK(error_of("max(1 2)").message ==
          "expected ',' or ')' in the arguments of 'max', found the number 2");
    CHECK(error_of("+1").message == "unary '+' is not supported: drop it");
    CHECK(error_of("1 + not a").message ==
          "'not' applies to a whole comparison: put it first or use parentheses");
    CHECK(error_of("1 * * 2").message == "expected a value, found '*'");
    CHECK(error_of("a )").message == "unexpected ')' after a complete expression");
    CHECK(error_of(std::string(100, '(') + "1" + std::string(100, ')')).message ==
          "expression nested more than 64 levels deep");
    CHECK(error_of(std::string(100, '-') + "1").message == "expression nested more than 64 levels deep");
}

TEST_CASE("a string prints back in quotes it can be read in") {
    CHECK(canon("regime == 'A\"B'") == "regime == 'A\"B'");
    CHECK(canon("regime == \"A'B\"") == "regime == \"A'B\"");
}
