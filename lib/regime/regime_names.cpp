#include "regime/regime_names.hpp"

#include <cctype>
#include <string>

namespace sos::regime {

namespace {
constexpr std::array<std::string_view, kRegimeCount> kNames = {
    "COMPLETE_BEARISH", "BEARISH", "SIDEWAYS_BEARISH", "SIDEWAYS",
    "SIDEWAYS_BULLISH", "BULLISH", "COMPLETE_BULLISH"};
}

std::string_view to_string(Regime r) {
    return kNames[static_cast<std::size_t>(index(r))];
}

std::optional<Regime> parse_regime(std::string_view s) {
    std::string up(s);
    for (auto& c : up)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == up) return static_cast<Regime>(i);
    return std::nullopt;
}

}  // namespace sos::regime
