#include "strategy/strategy.hpp"

#include "event/event.hpp"
#include "instrument/symbology.hpp"

namespace sos::strategy {

Params Strategy::effective(std::optional<vocab::Regime> regime) const {
    Params p = params;
    if (!regime) return p;
    const RegimeEntry& r = regimes[static_cast<std::size_t>(vocab::index(*regime))];
    if (r.tp_mult) p.tp_mult = *r.tp_mult;
    if (r.quantity_mod) p.quantity_mod = *r.quantity_mod;
    if (r.sl_tightness) p.sl_tightness = *r.sl_tightness;
    return p;
}

bool Strategy::wants(std::string_view symbol) const {
    if (symbols.empty()) return kind == Kind::Pattern || instrument::underlying_of(symbol) == symbol;
    for (const auto& p : symbols)
        if (glob_match(p, symbol)) return true;
    return false;
}

bool glob_match(std::string_view p, std::string_view s) {
    // Iterative matching with one backtrack point: linear for the patterns people write.
    std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi;
            ++si;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

}  // namespace sos::strategy
