#include "risk/risk_config.hpp"

namespace sos::risk {

// An exact symbol first, then the longest matching prefix, then "*": the order the rules
// are written in does not matter (a JSON object has none).
InstrumentChoice RiskConfig::choice_for(std::string_view symbol) const {
    const InstrumentRule* best = nullptr;
    std::size_t best_len = 0;
    for (const auto& r : instruments_rules) {
        if (r.pattern == symbol) return r.choice;
        if (r.pattern == "*") {
            if (!best) best = &r;
            continue;
        }
        if (r.pattern.size() > 1 && r.pattern.back() == '*') {
            const std::string_view prefix = std::string_view(r.pattern).substr(0, r.pattern.size() - 1);
            if (symbol.starts_with(prefix) && (best == nullptr || prefix.size() >= best_len)) {
                best = &r;
                best_len = prefix.size();
            }
        }
    }
    return best ? best->choice : InstrumentChoice::Underlying;
}

}  // namespace sos::risk
