// How an order is priced (OpenAlgo's pricetype): MARKET needs no price, LIMIT a limit price,
// SL (stop-limit) a trigger and a limit price, SL-M (stop-market) a trigger.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class OrderType : std::uint8_t { Market, Limit, Sl, SlM };

template <>
struct Names<OrderType> {
    static constexpr std::array<std::string_view, 4> table = {"MARKET", "LIMIT", "SL", "SL-M"};
};

// A stop order: it waits until the market trades through its trigger.
constexpr bool is_stop(OrderType t) {
    return t == OrderType::Sl || t == OrderType::SlM;
}
constexpr bool needs_limit_price(OrderType t) {
    return t == OrderType::Limit || t == OrderType::Sl;
}
constexpr bool needs_trigger_price(OrderType t) {
    return is_stop(t);
}

}  // namespace sos::vocab
