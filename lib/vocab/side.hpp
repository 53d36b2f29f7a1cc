// Which way an order, a fill or a signal goes.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class Side : std::uint8_t { Buy, Sell };

template <>
struct Names<Side> {
    static constexpr std::array<std::string_view, 2> table = {"BUY", "SELL"};
};

constexpr Side opposite(Side s) {
    return s == Side::Buy ? Side::Sell : Side::Buy;
}
// +1 for a buy (long), -1 for a sell (short): the sign of a position it opens.
constexpr int sign(Side s) {
    return s == Side::Buy ? 1 : -1;
}

}  // namespace sos::vocab
