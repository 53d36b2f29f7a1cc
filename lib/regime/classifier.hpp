// Turns a model's successive evaluations into a regime that does not flicker: the score is
// smoothed (an EMA over `smoothing` updates), a regime is left only when the model says the
// inputs lie beyond it by the hysteresis margin, and never before `min_dwell` updates in it.
#pragma once

#include <optional>

#include "regime/model.hpp"

namespace sos::regime {

class Classifier {
public:
    struct Decision {
        Regime regime = Regime::Sideways;
        bool changed = false;
    };

    // Smooths ev.score in place (raw_score keeps the model's figure), then decides.
    Decision update(const Model& model, Evaluation& ev);
    // Takes a regime decided elsewhere (upstream, with --trust-upstream).
    Decision force(Regime r);
    // The regime was kept without inputs until it went stale: it has no claim to its dwell,
    // so the next fresh evaluation may move it at once (hysteresis still applies).
    void release_dwell() { since_change_ = kReleased; }

    std::optional<Regime> current() const { return current_; }
    int updates_in_regime() const { return since_change_; }

private:
    static constexpr int kReleased = 1 << 30;
    std::optional<Regime> current_;
    int since_change_ = 0;
    std::optional<double> smoothed_;
};

}  // namespace sos::regime
