#include "risk/risk_config.hpp"

namespace sos::risk {

InstrumentChoice RiskConfig::choice_for(std::string_view symbol) const {
    for (const auto& r : instruments_rules) {
        if (r.pattern == "*" || r.pattern == symbol) return r.choice;
        if (r.pattern.size() > 1 && r.pattern.back() == '*' &&
            symbol.substr(0, r.pattern.size() - 1) == std::string_view(r.pattern).substr(0, r.pattern.size() - 1))
            return r.choice;
    }
    return InstrumentChoice::Underlying;
}

}  // namespace sos::risk
