// The seven regimes, ordered from most bearish to most bullish (spec/trading.md). The order is
// meaning: a model's score is cut into these bands in this order, and strategies hold the
// regime as its index.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class Regime : std::uint8_t {
    CompleteBearish,
    Bearish,
    SidewaysBearish,
    Sideways,
    SidewaysBullish,
    Bullish,
    CompleteBullish,
};

template <>
struct Names<Regime> {
    static constexpr std::array<std::string_view, 7> table = {
        "COMPLETE_BEARISH", "BEARISH", "SIDEWAYS_BEARISH", "SIDEWAYS",
        "SIDEWAYS_BULLISH", "BULLISH", "COMPLETE_BULLISH"};
};

inline constexpr int kRegimeCount = 7;

constexpr int index(Regime r) {
    return static_cast<int>(r);
}
// -3 (complete bearish) .. +3 (complete bullish).
constexpr int ordinal(Regime r) {
    return index(r) - 3;
}
constexpr bool bullish_half(Regime r) {
    return index(r) > index(Regime::Sideways);
}
constexpr bool bearish_half(Regime r) {
    return index(r) < index(Regime::Sideways);
}

}  // namespace sos::vocab
