// Where an order stands, as ORDER_UPDATE reports it. Only the broker moves an order from one
// to the next; UNKNOWN is an order whose fate the broker has not told yet (a timeout), never
// to be resent blindly.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class OrderStatus : std::uint8_t {
    Pending,
    Open,
    TriggerPending,
    Complete,
    Cancelled,
    Rejected,
    Unknown
};

template <>
struct Names<OrderStatus> {
    static constexpr std::array<std::string_view, 7> table = {
        "PENDING", "OPEN", "TRIGGER_PENDING", "COMPLETE", "CANCELLED", "REJECTED", "UNKNOWN"};
};

// Nothing more will happen to the order.
constexpr bool is_final(OrderStatus s) {
    return s == OrderStatus::Complete || s == OrderStatus::Cancelled || s == OrderStatus::Rejected;
}

}  // namespace sos::vocab
