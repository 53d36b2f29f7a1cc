// The lines a trigger writes: a SIGNAL, or a match-stage REJECT (SENTIMENT_VETO when a gate is
// not true, UNDEFINED_PRICE when entry, stop or target is undefined) carrying the same
// execution fields. Ids are deterministic: PATTERN:SYMBOL:TF:CANDLE_TS.
#pragma once

#include <string>

#include "strategy/derived.hpp"
#include "strategy/strategy.hpp"
#include "strategy/tracker.hpp"

namespace sos::strategy {

struct Execution {
    Params params;  // regime-adjusted
    std::optional<vocab::Regime> regime;
    vocab::Side side = vocab::Side::Buy;
    double entry = expr::kUndefined;
    double sl = expr::kUndefined;  // effective stop
    double risk = expr::kUndefined;
    double tp = expr::kUndefined;
    double score = expr::kUndefined;
    bool has_score = false;
};

// Fills s.decision_text from the rest of s (the loader calls it once the strategy is whole).
void prepare_decision_text(Strategy& s);

// reason empty: a SIGNAL; otherwise a REJECT with that reason and detail.
void write_decision(const Strategy& s, const Tracker& t, const CandleView& c, const Execution& x,
                    const std::string& reason, const std::string& detail, time::Timestamp close,
                    Derived& out);

}  // namespace sos::strategy
