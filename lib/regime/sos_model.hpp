// The SOS bridge's rule table: from the put–call ratio and the advance/decline ratio, rules
// tested top to bottom, the first that matches gives the regime. Inputs missing or stale
// drop out of the conditions that use them (PCR alone still separates the extremes); with
// neither, there is nothing to decide. Hysteresis: a regime is left only when the table,
// read with both inputs moved by their margins toward the current regime, still disagrees.
#pragma once

#include "regime/model.hpp"
#include "regime/regime_config.hpp"

namespace sos::regime {

class SosModel : public Model {
public:
    explicit SosModel(const SosSettings& s) : s_(s) {}
    std::string_view name() const override { return "sos"; }
    Evaluation evaluate(const ModelInputs& in) const override;
    Regime target(const Evaluation& ev) const override { return ev.ruled.value_or(s_.otherwise); }
    bool leaves(Regime current, const Evaluation& ev) const override;
    int min_dwell() const override { return s_.min_dwell; }

    // The table itself; an absent input satisfies every condition on it.
    Regime rule(std::optional<double> pcr, std::optional<double> ad) const;

private:
    SosSettings s_;
};

}  // namespace sos::regime
