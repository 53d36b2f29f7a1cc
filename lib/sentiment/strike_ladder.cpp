#include "sentiment/strike_ladder.hpp"

#include <algorithm>
#include <cmath>

namespace sos::sentiment {

void StrikeLadder::build(const event::OptionChain& chain) {
    rows_.clear();
    for (const auto& row : chain.strikes)
        if (std::isfinite(row.strike) && row.strike > 0) rows_.push_back(&row);
    // Stable, so that of two rows with one strike the first written is the one kept.
    std::stable_sort(rows_.begin(), rows_.end(), [](auto* a, auto* b) { return a->strike < b->strike; });
    rows_.erase(
        std::unique(rows_.begin(), rows_.end(), [](auto* a, auto* b) { return a->strike == b->strike; }),
        rows_.end());
    step_ = 0;
    for (std::size_t i = 1; i < rows_.size(); ++i) {
        double gap = rows_[i]->strike - rows_[i - 1]->strike;
        if (step_ == 0 || gap < step_) step_ = gap;
    }
}

int StrikeLadder::nearest(double price) const {
    if (rows_.empty() || !std::isfinite(price)) return -1;
    auto it =
        std::lower_bound(rows_.begin(), rows_.end(), price, [](auto* r, double p) { return r->strike < p; });
    if (it == rows_.end()) return static_cast<int>(rows_.size()) - 1;
    if (it == rows_.begin()) return 0;
    auto below = it - 1;
    // The tie goes to the lower strike, so the answer does not depend on rounding direction.
    return static_cast<int>((price - (*below)->strike <= (*it)->strike - price ? below : it) - rows_.begin());
}

int StrikeLadder::find(double strike) const {
    int i = nearest(strike);
    if (i < 0) return -1;
    double tol = step_ > 0 ? step_ * 1e-3 : 1e-9 * std::abs(strike);
    return std::abs(rows_[static_cast<std::size_t>(i)]->strike - strike) <= tol ? i : -1;
}

const double* usable_price(const event::StrikeRow& row, bool call) {
    if (!(call ? row.has_ce : row.has_pe)) return nullptr;
    const auto& ltp = call ? row.ce.ltp : row.pe.ltp;
    if (!ltp || !std::isfinite(*ltp) || *ltp <= 0) return nullptr;
    return &*ltp;
}

}  // namespace sos::sentiment
