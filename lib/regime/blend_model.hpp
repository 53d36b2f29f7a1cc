// sos's own model (the default): four parts, each scaled to -1..+1, weighted into one score
// of -100..+100. PCR level (high PCR bullish by default: put writers defend the market),
// PCR velocity (the same way round), breadth ((adv - dec) / (adv + dec)) and the trend of the
// underlying in ATR units ((EMA fast - EMA slow) / ATR). A part whose input is missing or
// stale is left out and the others are re-weighted, so the score keeps its scale.
#pragma once

#include "regime/model.hpp"
#include "regime/regime_config.hpp"

namespace sos::regime {

class BlendModel : public Model {
public:
    explicit BlendModel(const BlendSettings& s) : s_(s) {}
    std::string_view name() const override { return "blend"; }
    Evaluation evaluate(const ModelInputs& in) const override;
    Regime target(const Evaluation& ev) const override { return s_.bands.band_of(ev.score); }
    bool leaves(Regime current, const Evaluation& ev) const override {
        return s_.bands.beyond(current, ev.score, s_.hysteresis);
    }
    int smoothing() const override { return s_.smoothing; }
    int min_dwell() const override { return s_.min_dwell; }

private:
    BlendSettings s_;
};

}  // namespace sos::regime
