// The options structures sos knows and their default legs (spec/trading.md's structure table,
// the TOMIC defaults), in this one place: sos-match fills them in when an options strategy
// names a structure without its own legs, and sos-risk when a SIGNAL arrives without them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "event/trading.hpp"
#include "vocab/side.hpp"

namespace sos::options {

bool is_structure(std::string_view name);
const std::vector<std::string_view>& structure_names();
// The default legs; `side` picks the mirror of RISK_REVERSAL (SELL: bearish).
std::vector<event::StructureLeg> default_legs(std::string_view structure, vocab::Side side);
// The side a structure implies: SELL for those that collect premium, BUY for the rest.
vocab::Side structure_side(std::string_view structure);
// ATM, OTMk, ITMk (k >= 1).
bool is_offset(std::string_view s);

}  // namespace sos::options
