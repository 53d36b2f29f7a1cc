// Resolves every name and function of a parsed expression and checks its types, before any
// candle is read. What a name may mean depends on where the expression sits (a Scope): a
// condition sees the candle, the previous candle, sentiment, the regime, indicators and the
// variables captured by earlier phases; `execution` adds the regime-adjusted parameters and,
// in order, `entry`, `sl` and `risk`; an indicator's input sees nothing that the state
// machine changes.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/ast.hpp"
#include "expr/error.hpp"
#include "expr/names.hpp"

namespace sos::expr {

enum class Type : std::uint8_t { Number, Bool, Regime, String };

// The variables a strategy captures, in the order first captured, with the phase that first
// captures each.
struct VarTable {
    std::vector<std::string> names;
    std::vector<int> first_phase;
    std::vector<std::string> phase_places;  // "phases[1]" by phase index, for messages

    std::optional<int> find(std::string_view name) const;
    int add(std::string name, int phase);
};

struct Scope {
    Type want = Type::Bool;
    std::string_view what = "a condition";  // for messages: "execution.sl", "a capture"
    const VarTable* vars = nullptr;         // null: captured variables are not available here
    std::string_view no_vars_reason = "captured variables are not available here";
    int vars_before_phase = INT_MAX;  // a variable is visible once a phase before this one captures it
    bool params = false;              // tp_mult, quantity_mod, sl_tightness
    bool entry = false;
    bool sl = false;
    bool risk = false;
};

enum class Func : std::uint8_t { Atr, Sma, Ema, Rsi, Highest, Lowest, Vwap, Avg, Abs, Min, Max };

struct Resolved {
    enum class What : std::uint8_t { None, Slot, Var, Indicator, Function } what = What::None;
    Slot slot = 0;                                 // Slot
    int var = -1;                                  // Var
    IndicatorKind indicator = IndicatorKind::Atr;  // Indicator (bare names and indicator calls)
    int period = 0;
    Func func = Func::Abs;  // Function
};

struct Checked {
    std::vector<Type> type;
    std::vector<Resolved> res;
};

// The largest period an indicator accepts: its window is memory held per tracker.
inline constexpr int kMaxPeriod = 10000;

std::variant<Checked, ExprError> check(const Ast& ast, const Scope& scope);

}  // namespace sos::expr
