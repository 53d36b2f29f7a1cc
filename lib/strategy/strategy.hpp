// One loaded strategy, checked and compiled: what sos-match runs. Both kinds share the shape
// of a phase machine: an options strategy is one phase of conditions whose completion opens
// its structure (it captures nothing and has no execution prices).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event/trading.hpp"
#include "expr/compiler.hpp"
#include "expr/condition.hpp"
#include "time/timeframe.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/regime.hpp"
#include "vocab/side.hpp"

namespace sos::strategy {

enum class Kind : std::uint8_t { Pattern, Options };

struct Params {
    double tp_mult = 2.0;
    double quantity_mod = 1.0;
    double sl_tightness = 0.0;
};

// A regime_config entry overlays only the keys it names.
struct RegimeEntry {
    std::optional<bool> allow_entry;
    std::optional<double> tp_mult, quantity_mod, sl_tightness;
};

// One compiled expression and where it came from.
struct Expr {
    expr::ExprRef ref;
    std::string text;   // as written
    std::string place;  // "phases[1].conditions[0]"
    std::vector<expr::Leaf> leaves;
    expr::FastCondition fast;  // a phase condition's uninterpreted form, when it has one
};

struct Capture {
    std::string name;
    int var = 0;
    Expr expr;
};

struct Phase {
    std::string id;
    std::vector<Expr> conditions;
    std::vector<Capture> captures;
    int timeout = 0;  // 0: none
};

using Leg = event::StructureLeg;  // as the SIGNAL line carries it

// The fixed parts of a strategy's SIGNAL and REJECT lines, escaped once when it loads (see
// prepare_decision_text in decision.hpp): a decision line is then mostly copies and numbers.
struct DecisionText {
    std::string id_prefix;              // the id's "PATTERN:" part, escaped
    std::string head;                   // ,"pattern_id":"…","kind":"…","side":"
    std::string tf;                     // the timeframe as the id writes it
    std::string tf_field;               // ","tf":"…","candle_ts":
    std::vector<std::string> var_keys;  // "name": for each captured variable
    std::size_t var_keys_size = 0;      // their length together
    std::string tail;                   // an options strategy's ,"structure":…,"legs":[…]
};

struct Strategy {
    std::string pattern_id;
    std::string file;
    std::string comment;
    Kind kind = Kind::Pattern;
    std::optional<vocab::Side> side;  // none: the stop's place decides
    time::Timeframe tf = time::kOneMinute;
    std::vector<std::string> symbols;  // patterns with * and ?; empty: every symbol
    Params params;
    std::array<RegimeEntry, vocab::kRegimeCount> regimes;  // by vocab::index
    std::vector<Expr> gates;
    std::vector<Phase> phases;
    std::optional<Expr> entry, sl, tp, score;
    // options kind
    std::string structure;
    std::vector<Leg> legs;  // the strategy's own, else the structure's defaults
    int cooldown_bars = 0;

    expr::Program program;
    expr::VarTable vars;
    std::uint64_t fingerprint = 0;  // of the file's meaning (comments excluded)
    std::string phases_key;         // canonical phases, to keep a setup in progress across a reload
    bool uses_prev = false;

    DecisionText decision_text;
    // Each indicator call site's input, side by side for the step that feeds them all; a site
    // without one (atr, rsi, vwap) reads a candle slot its indicator ignores.
    std::vector<expr::ExprRef> site_inputs;

    bool intraday() const { return !tf.daily(); }
    // No regime yet: entries are allowed, the params are the strategy's own.
    bool allows_entry(std::optional<vocab::Regime> regime) const {
        return !regime || regimes[static_cast<std::size_t>(vocab::index(*regime))].allow_entry.value_or(true);
    }
    // params with the regime's entry laid over them.
    Params effective(std::optional<vocab::Regime> regime) const;
    // True when `symbol` is one this strategy runs on.
    bool wants(std::string_view symbol) const;
};

bool glob_match(std::string_view pattern, std::string_view s);

}  // namespace sos::strategy
