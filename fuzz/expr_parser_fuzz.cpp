// libFuzzer target: arbitrary text through the expression lexer, parser, checker and compiler,
// then the compiled program evaluated. Beyond "no crash", it checks the language's promises:
// an error points inside the text and says something; a parsed expression printed back
// parses again to the same text; evaluation touches only the frame it was given.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "expr/compiler.hpp"
#include "expr/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    using namespace sos::expr;
    auto parsed = parse(text);
    if (parsed.error) {
        if (parsed.error->message.empty() || parsed.error->column < 0 ||
            parsed.error->column > static_cast<int>(text.size()))
            std::abort();
        (void)format_expr_error("f", "p", text, *parsed.error);
    } else {
        const std::string canon = to_text(parsed.ast, parsed.ast.root);
        auto again = parse(canon);
        // Printing can only add parentheses and spaces, so it may exceed the length or
        // nesting limits; otherwise it must read back to itself.
        if (!again.error && to_text(again.ast, again.ast.root) != canon) std::abort();
    }
    VarTable vars;
    vars.phase_places = {"phases[0]", "phases[1]"};
    vars.add("a", 0);
    vars.add("b", 1);
    for (Type want : {Type::Bool, Type::Number}) {
        Program p;
        Compiler c(p, static_cast<int>(vars.names.size()));
        Scope s;
        s.want = want;
        s.vars = &vars;
        s.vars_before_phase = 1;
        s.params = s.entry = s.sl = s.risk = want == Type::Number;
        auto r = c.compile(text, s);
        if (auto* e = std::get_if<ExprError>(&r)) {
            if (e->message.empty() || e->column < 0 || e->column > static_cast<int>(text.size()))
                std::abort();
            continue;
        }
        const auto& compiled = std::get<Compiled>(r);
        std::vector<double> frame(static_cast<std::size_t>(p.frame_size()), kUndefined);
        (void)evaluate(p, compiled.ref, frame.data());
        for (std::size_t i = 0; i < frame.size(); ++i)
            frame[i] = static_cast<double>(i % 7) - 2;
        const double v = evaluate(p, compiled.ref, frame.data());
        if (want == Type::Bool && !(v == 0 || v == 1 || v != v)) std::abort();
        for (const auto& site : p.sites)
            if (site.has_input) (void)evaluate(p, site.input, frame.data());
    }
    return 0;
}
