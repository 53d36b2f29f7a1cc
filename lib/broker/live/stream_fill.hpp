// What an order_update frame says of an order's fills, as sos writes them (docs/decisions.md
// "The order_update stream"): the frame carries the order's cumulative filled_quantity and
// average_price, not the trades, so the part newly filled is priced at what makes the order's
// written value equal average_price x filled_quantity, to the paisa. A frame without a usable
// average price (absent, zero, not finite) prices nothing: its fill waits for the trade book.
#pragma once

#include <cstdint>
#include <optional>

#include "money/paise.hpp"
#include "openalgo/frames.hpp"
#include "openalgo/order_answers.hpp"

namespace sos::broker::live {

// The price per unit of `fresh` units newly filled, when `filled` units are filled in all at
// `average_price` rupees and `written_value` is what the fills already written are worth.
std::optional<money::Paise> stream_fill_price(const event::OptNum& average_price, std::int64_t filled,
                                              std::int64_t fresh, money::Paise written_value);

// The frame as an order book row (its order id, symbol, side, quantity, type and status), for
// the same rules that move an order by the book.
openalgo::BookOrder row_of(const openalgo::OrderUpdateFrame& u);

}  // namespace sos::broker::live
