// A REGIME line as sos-regime writes it. Beside the contract's fields (regime, score, flags,
// changed, inputs) it carries `model`, TOMIC's `phase`, `congestion` (the configured
// definition applied, so readers need not know it) and `stale: true` when the regime was kept
// from inputs that stopped coming: new fields, which readers that do not know them ignore.
#pragma once

#include <string>

#include "regime/regime_engine.hpp"

namespace sos::regime {

// Appends the line, ending in '\n'.
void encode_regime_line(const RegimeLine& r, std::string& out);

}  // namespace sos::regime
