// The options-selling flags, from India VIX as TOMIC sets them (the underlying's ATM IV, in
// percent, stands in when the stream has no fresh VIX): PREMIUMS_TOO_LOW below 12,
// DEFINED_RISK_ONLY above 25, HALF_SIZE above 30, HALT_SHORT_VEGA above 40. Several can hold
// at once (a VIX of 42 sets the last three); they come out in that order.
#pragma once

#include <string_view>
#include <vector>

#include "regime/regime_config.hpp"

namespace sos::regime {

std::vector<std::string_view> vix_flags(double vix, const FlagSettings& s);

}  // namespace sos::regime
