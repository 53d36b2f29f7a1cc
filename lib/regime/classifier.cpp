#include "regime/classifier.hpp"

namespace sos::regime {

Classifier::Decision Classifier::update(const Model& model, Evaluation& ev) {
    const int n = model.smoothing();
    if (n > 1 && !ev.ruled) {
        const double alpha = 2.0 / (n + 1);
        smoothed_ = smoothed_ ? *smoothed_ + alpha * (ev.score - *smoothed_) : ev.score;
        ev.score = *smoothed_;
    }
    if (since_change_ < kReleased) ++since_change_;
    const Regime target = model.target(ev);
    if (!current_) return force(target);
    if (target != *current_ && since_change_ >= model.min_dwell() && model.leaves(*current_, ev))
        return force(target);
    return {*current_, false};
}

Classifier::Decision Classifier::force(Regime r) {
    const bool changed = current_ != r;
    if (changed) since_change_ = 0;
    current_ = r;
    return {r, changed};
}

}  // namespace sos::regime
