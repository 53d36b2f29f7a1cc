// The seven regimes, ordered from most bearish to most bullish, and their names on the wire.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sos::regime {

enum class Regime : std::uint8_t {
    CompleteBearish,
    Bearish,
    SidewaysBearish,
    Sideways,
    SidewaysBullish,
    Bullish,
    CompleteBullish,
};

inline constexpr int kRegimeCount = 7;
inline constexpr std::array<Regime, kRegimeCount> kAllRegimes = {
    Regime::CompleteBearish, Regime::Bearish, Regime::SidewaysBearish, Regime::Sideways,
    Regime::SidewaysBullish, Regime::Bullish, Regime::CompleteBullish};

std::string_view to_string(Regime r);
// Upper case as written on the wire; lower case is accepted too.
std::optional<Regime> parse_regime(std::string_view s);

inline int index(Regime r) {
    return static_cast<int>(r);
}
// -3 (complete bearish) .. +3 (complete bullish).
inline int ordinal(Regime r) {
    return index(r) - 3;
}
inline bool bullish_half(Regime r) {
    return index(r) > index(Regime::Sideways);
}
inline bool bearish_half(Regime r) {
    return index(r) < index(Regime::Sideways);
}

}  // namespace sos::regime
