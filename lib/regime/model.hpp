// The interface of a regime model: from one underlying's inputs, a score on the model's own
// scale (or, for a rules model, a regime straight away), what it used, and whether the
// inputs have moved far enough from the current regime to leave it (the hysteresis rule,
// which each model states in its own terms).
#pragma once

#include <optional>
#include <string>

#include "regime/bar_indicators.hpp"
#include "regime/market_inputs.hpp"
#include "vocab/regime.hpp"

namespace sos::regime {

using vocab::Regime;

struct Freshness {
    double sentiment_s = 600;
    double breadth_s = 300;
};

struct ModelInputs {
    time::Timestamp now;
    const SentimentInputs* sentiment = nullptr;
    const BarIndicators* bars = nullptr;  // null when the model's timeframe has no bars yet
    std::optional<double> vix;            // India VIX, when fresh
    Freshness max_age;
};

struct Evaluation {
    bool ok = false;  // false: nothing fresh enough to decide on
    double score = 0;
    double raw_score = 0;           // before smoothing
    std::optional<Regime> ruled;    // a rules model's verdict
    std::string phase;              // TOMIC's phase (BULLISH, BEARISH, CONGESTION, BLOWOFF)
    std::optional<double> pcr, ad;  // the sos table's inputs, for its hysteresis
    std::string inputs;             // the JSON object of the figures used
};

class Model {
public:
    virtual ~Model() = default;
    virtual std::string_view name() const = 0;
    virtual Evaluation evaluate(const ModelInputs& in) const = 0;
    // The regime the evaluation points to.
    virtual Regime target(const Evaluation& ev) const = 0;
    // Whether the evaluation lies far enough from `current` to leave it.
    virtual bool leaves(Regime current, const Evaluation& ev) const = 0;
    // Score smoothing over updates (1: none).
    virtual int smoothing() const { return 1; }
    virtual int min_dwell() const = 0;
};

}  // namespace sos::regime
