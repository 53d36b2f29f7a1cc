#include "expr/checker.hpp"

#include <fmt/format.h>
#include <cmath>

#include "vocab/regime.hpp"

namespace sos::expr {

std::optional<int> VarTable::find(std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<int>(i);
    return std::nullopt;
}

int VarTable::add(std::string name, int phase) {
    if (auto i = find(name)) return *i;
    names.push_back(std::move(name));
    first_phase.push_back(phase);
    return static_cast<int>(names.size() - 1);
}

namespace {

const char* type_words(Type t) {
    switch (t) {
        case Type::Number:
            return "a number";
        case Type::Bool:
            return "a condition (true or false)";
        case Type::Regime:
            return "the regime";
        case Type::String:
            return "a string";
    }
    return "?";
}

struct FuncInfo {
    std::string_view name;
    Func func;
    int min_args, max_args;
    const char* usage;
};
constexpr FuncInfo kFuncs[] = {
    {"atr", Func::Atr, 0, 1, "atr or atr(n)"},
    {"sma", Func::Sma, 2, 2, "sma(x, n)"},
    {"ema", Func::Ema, 2, 2, "ema(x, n)"},
    {"rsi", Func::Rsi, 1, 1, "rsi(n)"},
    {"highest", Func::Highest, 2, 2, "highest(x, n)"},
    {"lowest", Func::Lowest, 2, 2, "lowest(x, n)"},
    {"vwap", Func::Vwap, 0, 0, "vwap"},
    {"avg", Func::Avg, 0, 0, "avg"},
    {"abs", Func::Abs, 1, 1, "abs(x)"},
    {"min", Func::Min, 2, 64, "min(a, b, ...)"},
    {"max", Func::Max, 2, 64, "max(a, b, ...)"},
};

const FuncInfo* find_func(std::string_view name) {
    for (const auto& f : kFuncs)
        if (f.name == name) return &f;
    return nullptr;
}

class Checker {
public:
    Checker(const Ast& ast, const Scope& scope) : ast_(ast), scope_(scope) {
        out_.type.resize(ast.nodes.size());
        out_.res.resize(ast.nodes.size());
    }

    std::variant<Checked, ExprError> run() {
        std::optional<Type> t = visit(ast_.root, scope_);
        if (!error_ && t && *t != scope_.want) {
            const Node& root = ast_.at(ast_.root);
            if (scope_.want == Type::Bool)
                fail(root.column,
                     fmt::format("{} must be true or false, but this is {}: compare it (e.g. '... > 0')",
                                 scope_.what, type_words(*t)));
            else
                fail(root.column,
                     fmt::format("{} must be a number, but this is {}", scope_.what, type_words(*t)));
        }
        if (error_) return *error_;
        return std::move(out_);
    }

private:
    std::optional<Type> fail(int column, std::string msg) {
        if (!error_) error_ = ExprError{column, std::move(msg)};
        return std::nullopt;
    }

    std::optional<Type> set(int i, Type t, Resolved r = {}) {
        out_.type[static_cast<std::size_t>(i)] = t;
        out_.res[static_cast<std::size_t>(i)] = r;
        return t;
    }

    std::optional<Type> visit(int i, const Scope& sc) {
        const Node& n = ast_.at(i);
        switch (n.kind) {
            case NodeKind::Number:
                return set(i, Type::Number);
            case NodeKind::String:
                return set(i, Type::String);
            case NodeKind::Name:
                return name(i, n, sc);
            case NodeKind::Unary: {
                auto t = visit(n.lhs, sc);
                if (!t) return t;
                if (n.unop == UnOp::Neg) {
                    if (*t != Type::Number)
                        return fail(n.column,
                                    fmt::format("'-' needs a number, but its operand is {}", type_words(*t)));
                    return set(i, Type::Number);
                }
                if (*t != Type::Bool)
                    return fail(n.column, fmt::format("'not' needs a condition, but its operand is {}",
                                                      type_words(*t)));
                return set(i, Type::Bool);
            }
            case NodeKind::Binary:
                return binary(i, n, sc);
            case NodeKind::Call:
                return call(i, n, sc);
        }
        return std::nullopt;
    }

    // The value of a part written with numbers alone ("2 - 2", "-0", "0 * 5"), nothing for a
    // part that reads anything. Bounded by the parser's nesting limit, like the checker.
    std::optional<double> constant(int i) const {
        const Node& n = ast_.at(i);
        if (n.kind == NodeKind::Number) return n.number;
        if (n.kind == NodeKind::Unary && n.unop == UnOp::Neg) {
            if (auto v = constant(n.lhs)) return -*v;
            return std::nullopt;
        }
        if (n.kind != NodeKind::Binary || is_comparison(n.binop) || is_logical(n.binop)) return std::nullopt;
        const auto a = constant(n.lhs), b = constant(n.rhs);
        if (!a || !b) return std::nullopt;
        switch (n.binop) {
            case BinOp::Add:
                return *a + *b;
            case BinOp::Sub:
                return *a - *b;
            case BinOp::Mul:
                return *a * *b;
            case BinOp::Div:
                if (*b == 0) return std::nullopt;  // refused where it is written
                return *a / *b;
            default:
                return std::nullopt;
        }
    }

    std::optional<Type> binary(int i, const Node& n, const Scope& sc) {
        auto a = visit(n.lhs, sc);
        if (!a) return a;
        auto b = visit(n.rhs, sc);
        if (!b) return b;
        const char* op = op_text(n.binop);
        if (is_logical(n.binop)) {
            if (*a != Type::Bool || *b != Type::Bool)
                return fail(*a != Type::Bool ? ast_.at(n.lhs).column : ast_.at(n.rhs).column,
                            fmt::format("'{}' joins conditions, but this is {}", op,
                                        type_words(*a != Type::Bool ? *a : *b)));
            return set(i, Type::Bool);
        }
        if (!is_comparison(n.binop)) {
            if (*a != Type::Number || *b != Type::Number) {
                const bool left = *a != Type::Number;
                return fail(
                    ast_.at(left ? n.lhs : n.rhs).column,
                    fmt::format("'{}' needs numbers, but this is {}", op, type_words(left ? *a : *b)));
            }
            if (n.binop == BinOp::Div && constant(n.rhs) == 0.0)
                return fail(
                    ast_.at(n.rhs).column,
                    "division by zero: this divisor is always 0, so the expression never has a value");
            return set(i, Type::Number);
        }
        const bool eq = n.binop == BinOp::Eq || n.binop == BinOp::Ne;
        if (*a == Type::Regime || *b == Type::Regime) {
            const int other = *a == Type::Regime ? n.rhs : n.lhs;
            const Type ot = *a == Type::Regime ? *b : *a;
            if (!eq || ot != Type::String)
                return fail(n.op_column,
                            "the regime can only be compared with == or != to a regime name in quotes "
                            "(regime == \"SIDEWAYS\")");
            const Node& s = ast_.at(other);
            auto regime = vocab::parse<vocab::Regime>(s.text);
            if (!regime) {
                const auto& table = vocab::Names<vocab::Regime>::table;
                std::vector<std::string_view> names(table.begin(), table.end());
                auto hint = did_you_mean(s.text, names);
                return fail(s.column,
                            fmt::format("unknown regime \"{}\"{}", s.text,
                                        hint ? fmt::format(": did you mean \"{}\"?", *hint)
                                             : "; the regimes are " + vocab::name_list<vocab::Regime>()));
            }
            Resolved r;
            r.period = vocab::index(*regime);  // the compared regime's index rides on the string node
            set(other, Type::String, r);
            return set(i, Type::Bool);
        }
        if (*a == Type::String || *b == Type::String)
            return fail(ast_.at(*a == Type::String ? n.lhs : n.rhs).column,
                        "a string can only be compared with the regime (regime == \"SIDEWAYS\")");
        if (*a != Type::Number || *b != Type::Number) {
            const bool left = *a != Type::Number;
            return fail(ast_.at(left ? n.lhs : n.rhs).column,
                        fmt::format("'{}' compares numbers, but this is {}: join conditions with and/or", op,
                                    type_words(left ? *a : *b)));
        }
        return set(i, Type::Bool);
    }

    std::optional<Type> indicator(int i, IndicatorKind k, int period) {
        Resolved r;
        r.what = Resolved::What::Indicator;
        r.indicator = k;
        r.period = period;
        return set(i, Type::Number, r);
    }

    std::optional<Type> slot(int i, Slot s, Type t = Type::Number) {
        Resolved r;
        r.what = Resolved::What::Slot;
        r.slot = s;
        return set(i, t, r);
    }

    std::optional<Type> name(int i, const Node& n, const Scope& sc) {
        const auto& p = n.parts;
        const std::string& head = p[0];
        if (head == "candle" || head == "prev") {
            if (p.size() != 2)
                return fail(n.column, p.size() == 1
                                          ? fmt::format("'{}' needs a field, e.g. {}.close", head, head)
                                          : fmt::format("unknown name '{}'", n.text));
            auto f = candle_field(p[1]);
            if (!f) {
                std::vector<std::string_view> fields = {
                    "open", "high", "low", "close", "volume", "o",          "h",          "l",
                    "c",    "v",    "vol", "range", "body",   "upper_wick", "lower_wick", "mid"};
                auto hint = did_you_mean(p[1], fields);
                return fail(
                    n.part_columns[1],
                    fmt::format("unknown {} field '{}'{}", head, p[1],
                                hint ? fmt::format(": did you mean '{}.{}'?", head, *hint)
                                     : std::string("; fields are open high low close volume range body "
                                                   "upper_wick lower_wick mid")));
            }
            return slot(i, static_cast<Slot>((head == "candle" ? slots::kCandle : slots::kPrev) + *f));
        }
        if (head == "sentiment") {
            if (p.size() == 1) return fail(n.column, "'sentiment' needs a field, e.g. sentiment.pcr");
            std::string rest;
            for (std::size_t k = 1; k < p.size(); ++k)
                rest += (k > 1 ? "." : "") + p[k];
            auto f = sentiment_field(rest);
            if (!f) {
                std::vector<std::string_view> fields;
                for (int k = 0; k < kSentimentFields; ++k)
                    fields.push_back(sentiment_field_name(static_cast<SentimentField>(k)));
                auto hint = did_you_mean(rest, fields);
                if (rest == "breadth") return fail(n.column, "'sentiment.breadth' needs a field: adv or dec");
                return fail(
                    n.part_columns[1],
                    fmt::format("unknown sentiment field '{}'{}", rest,
                                hint ? fmt::format(": did you mean 'sentiment.{}'?", *hint) : std::string()));
            }
            return slot(i, static_cast<Slot>(slots::kSentiment + *f));
        }
        if (head == "session") {
            if (p.size() == 2 && p[1] == "minute") return slot(i, slots::kSessionMinute);
            return fail(n.column, p.size() == 1
                                      ? "'session' needs a field: session.minute"
                                      : fmt::format("unknown session field '{}': the field is minute",
                                                    n.text.substr(8)));
        }
        if (head == "var") {
            if (p.size() != 2)
                return fail(n.column, p.size() == 1 ? "'var' needs a captured name, e.g. var.mother_h"
                                                    : fmt::format("unknown name '{}'", n.text));
            if (!sc.vars) return fail(n.column, fmt::format("'{}': {}", n.text, sc.no_vars_reason));
            auto v = sc.vars->find(p[1]);
            if (!v) {
                std::vector<std::string_view> names(sc.vars->names.begin(), sc.vars->names.end());
                auto hint = did_you_mean(p[1], names);
                std::string list;
                for (const auto& s : sc.vars->names)
                    list += (list.empty() ? "" : ", ") + s;
                return fail(n.part_columns[1],
                            fmt::format("'{}' is never captured{}", n.text,
                                        hint           ? fmt::format(": did you mean 'var.{}'?", *hint)
                                        : list.empty() ? std::string("; no phase captures anything")
                                                       : "; captured names: " + list));
            }
            const int first = sc.vars->first_phase[static_cast<std::size_t>(*v)];
            if (first >= sc.vars_before_phase) {
                std::string where = first < static_cast<int>(sc.vars->phase_places.size())
                                        ? sc.vars->phase_places[static_cast<std::size_t>(first)]
                                        : fmt::format("phase {}", first);
                return fail(n.column,
                            fmt::format("'{}' is used before any phase captures it ({} is the first to)",
                                        n.text, where));
            }
            Resolved r;
            r.what = Resolved::What::Var;
            r.var = *v;
            return set(i, Type::Number, r);
        }
        if (p.size() > 1) {
            auto hint = did_you_mean(n.text, known_names());
            return fail(n.column,
                        fmt::format("unknown name '{}'{}", n.text,
                                    hint ? fmt::format(": did you mean '{}'?", *hint) : std::string()));
        }
        if (auto f = candle_field(head);
            f && (head == "open" || head == "high" || head == "low" || head == "close" || head == "volume"))
            return slot(i, static_cast<Slot>(slots::kCandle + *f));
        if (head == "regime") return slot(i, slots::kRegime, Type::Regime);
        if (head == "atr") return indicator(i, IndicatorKind::Atr, 14);
        if (head == "avg") return indicator(i, IndicatorKind::Sma, 20);
        if (head == "vwap") return indicator(i, IndicatorKind::Vwap, 0);
        if (head == "tp_mult" || head == "quantity_mod" || head == "sl_tightness") {
            if (!sc.params)
                return fail(n.column,
                            fmt::format("'{}' can only be used in execution (entry, sl, tp)", head));
            return slot(i, head == "tp_mult"        ? slots::kTpMult
                           : head == "quantity_mod" ? slots::kQuantityMod
                                                    : slots::kSlTightness);
        }
        if (head == "entry") {
            if (!sc.entry) return fail(n.column, "'entry' can only be used in execution.sl and execution.tp");
            return slot(i, slots::kEntry);
        }
        if (head == "sl") {
            if (!sc.sl) return fail(n.column, "'sl' (the effective stop) can only be used in execution.tp");
            return slot(i, slots::kSl);
        }
        if (head == "risk") {
            if (!sc.risk) return fail(n.column, "'risk' can only be used in execution.tp");
            return slot(i, slots::kRisk);
        }
        if (const FuncInfo* f = find_func(head))
            return fail(n.column, fmt::format("'{}' is a function: call it as {}", head, f->usage));
        auto hint = did_you_mean(head, known_names());
        return fail(n.column, fmt::format("unknown name '{}'{}", head,
                                          hint ? fmt::format(": did you mean '{}'?", *hint) : std::string()));
    }

    // A period must be written as a whole number: the window is fixed when the strategy loads.
    std::optional<int> period(const Node& arg, std::string_view fname) {
        if (arg.kind != NodeKind::Number || arg.number != std::floor(arg.number) || arg.number < 1 ||
            arg.number > kMaxPeriod) {
            fail(arg.column,
                 fmt::format("the period of '{}' must be a whole number from 1 to {}, written as a number",
                             fname, kMaxPeriod));
            return std::nullopt;
        }
        return static_cast<int>(arg.number);
    }

    std::optional<Type> call(int i, const Node& n, const Scope& sc) {
        const FuncInfo* f = find_func(n.text);
        if (!f) {
            std::vector<std::string_view> names;
            for (const auto& k : kFuncs)
                names.push_back(k.name);
            auto hint = did_you_mean(n.text, names);
            return fail(n.column,
                        fmt::format("unknown function '{}'{}", n.text,
                                    hint ? fmt::format(": did you mean '{}'?", *hint)
                                         : std::string("; functions are atr sma ema rsi highest lowest "
                                                       "vwap avg abs min max")));
        }
        const int argc = static_cast<int>(n.args.size());
        if (argc < f->min_args || argc > f->max_args) {
            std::string want = f->min_args == f->max_args ? fmt::format("{}", f->min_args)
                               : f->max_args >= 64        ? fmt::format("at least {}", f->min_args)
                                                          : fmt::format("{} or {}", f->min_args, f->max_args);
            return fail(n.column,
                        fmt::format("'{}' takes {} argument{}, not {}: {}", n.text, want,
                                    f->min_args == 1 && f->max_args == 1 ? "" : "s", argc, f->usage));
        }
        // An indicator's input is fed on every candle whatever the tracker's phase, so it may not
        // use what the state machine changes.
        Scope input;
        input.want = Type::Number;
        input.what = "an indicator's input";
        input.no_vars_reason =
            "an indicator's input cannot use captured variables (indicators never depend on "
            "the state machine)";
        switch (f->func) {
            case Func::Atr: {
                int per = 14;
                if (argc == 1) {
                    auto p = period(ast_.at(n.args[0]), "atr");
                    if (!p) return std::nullopt;
                    per = *p;
                    set(n.args[0], Type::Number);
                }
                return indicator(i, IndicatorKind::Atr, per);
            }
            case Func::Rsi: {
                auto p = period(ast_.at(n.args[0]), "rsi");
                if (!p) return std::nullopt;
                set(n.args[0], Type::Number);
                return indicator(i, IndicatorKind::Rsi, *p);
            }
            case Func::Vwap:
                return indicator(i, IndicatorKind::Vwap, 0);
            case Func::Avg:
                return indicator(i, IndicatorKind::Sma, 20);
            case Func::Sma:
            case Func::Ema:
            case Func::Highest:
            case Func::Lowest: {
                auto t = visit(n.args[0], input);
                if (!t) return t;
                if (*t != Type::Number)
                    return fail(ast_.at(n.args[0]).column,
                                fmt::format("the input of '{}' must be a number, but this is {}", n.text,
                                            type_words(*t)));
                auto p = period(ast_.at(n.args[1]), n.text);
                if (!p) return std::nullopt;
                set(n.args[1], Type::Number);
                const IndicatorKind k = f->func == Func::Sma       ? IndicatorKind::Sma
                                        : f->func == Func::Ema     ? IndicatorKind::Ema
                                        : f->func == Func::Highest ? IndicatorKind::Highest
                                                                   : IndicatorKind::Lowest;
                return indicator(i, k, *p);
            }
            case Func::Abs:
            case Func::Min:
            case Func::Max: {
                for (int a : n.args) {
                    auto t = visit(a, sc);
                    if (!t) return t;
                    if (*t != Type::Number)
                        return fail(ast_.at(a).column, fmt::format("'{}' needs numbers, but this is {}",
                                                                   n.text, type_words(*t)));
                }
                Resolved r;
                r.what = Resolved::What::Function;
                r.func = f->func;
                return set(i, Type::Number, r);
            }
        }
        return std::nullopt;
    }

    const Ast& ast_;
    const Scope& scope_;
    Checked out_;
    std::optional<ExprError> error_;
};

}  // namespace

std::variant<Checked, ExprError> check(const Ast& ast, const Scope& scope) {
    return Checker(ast, scope).run();
}

}  // namespace sos::expr
