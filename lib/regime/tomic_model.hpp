// The TOMIC regime agent's score on the underlying's bars, -limit..+limit: Ichimoku position,
// Elder impulse, congestion, blow-off, PCR with a bullish cloud, ADX, VWAP confirmation, and
// a cap while India VIX is low; its phase (BLOWOFF, CONGESTION, BULLISH, BEARISH) is reported
// beside the seven bands the score is cut into. Every point value and threshold is
// configuration; the defaults are TOMIC's.
#pragma once

#include "regime/model.hpp"
#include "regime/regime_config.hpp"

namespace sos::regime {

class TomicModel : public Model {
public:
    explicit TomicModel(const TomicSettings& s) : s_(s) {}
    std::string_view name() const override { return "tomic"; }
    Evaluation evaluate(const ModelInputs& in) const override;
    Regime target(const Evaluation& ev) const override { return s_.bands.band_of(ev.score); }
    bool leaves(Regime current, const Evaluation& ev) const override {
        return s_.bands.beyond(current, ev.score, s_.hysteresis);
    }
    int smoothing() const override { return s_.smoothing; }
    int min_dwell() const override { return s_.min_dwell; }

private:
    TomicSettings s_;
};

}  // namespace sos::regime
