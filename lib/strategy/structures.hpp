// The options structures sos knows and their default legs (the TOMIC defaults): used when an
// options strategy names a structure without giving its own legs.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "strategy/strategy.hpp"

namespace sos::strategy {

bool is_structure(std::string_view name);
const std::vector<std::string_view>& structure_names();
// The default legs; `side` picks the mirror of RISK_REVERSAL (SELL: bearish).
std::vector<Leg> default_legs(std::string_view structure, vocab::Side side);
// The side a structure implies: SELL for those that collect premium, BUY for the rest.
vocab::Side structure_side(std::string_view structure);
// ATM, OTMk, ITMk (k >= 1).
bool is_offset(std::string_view s);

}  // namespace sos::strategy
