// The rows of one option-chain snapshot in strike order, built once per chain and shared by
// every figure computed from it. Feeds do not promise sorted or unique strikes: rows are
// sorted here, a repeated strike keeps its first row, and rows with an impossible strike
// (not finite, not positive) are left out.
#pragma once

#include <span>
#include <vector>

#include "event/market.hpp"

namespace sos::sentiment {

class StrikeLadder {
public:
    // Reuses its storage from chain to chain. The chain must outlive the ladder's use.
    void build(const event::OptionChain& chain);

    std::span<const event::StrikeRow* const> rows() const { return rows_; }
    std::size_t size() const { return rows_.size(); }
    bool empty() const { return rows_.empty(); }
    const event::StrikeRow& operator[](std::size_t i) const { return *rows_[i]; }
    // The smallest gap between neighbouring strikes; 0 with fewer than two.
    double step() const { return step_; }
    // The row whose strike is nearest `price` (a tie goes to the lower strike); -1 when empty.
    int nearest(double price) const;
    // The row with exactly this strike (to within a thousandth of the step); -1 if none.
    int find(double strike) const;

private:
    std::vector<const event::StrikeRow*> rows_;
    double step_ = 0;
};

// A leg's price when it can be used at all: present, finite and above zero.
const double* usable_price(const event::StrikeRow& row, bool call);

}  // namespace sos::sentiment
