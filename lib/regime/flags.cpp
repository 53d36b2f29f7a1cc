#include "regime/flags.hpp"

namespace sos::regime {

std::vector<std::string_view> vix_flags(double vix, const FlagSettings& s) {
    std::vector<std::string_view> out;
    if (vix < s.premiums_too_low_below) out.push_back("PREMIUMS_TOO_LOW");
    if (vix > s.defined_risk_only_above) out.push_back("DEFINED_RISK_ONLY");
    if (vix > s.half_size_above) out.push_back("HALF_SIZE");
    if (vix > s.halt_short_vega_above) out.push_back("HALT_SHORT_VEGA");
    return out;
}

}  // namespace sos::regime
