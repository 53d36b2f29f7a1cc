// Settling an order whose placement went unanswered (UNKNOWN): OpenAlgo's order book carries
// no strategy and no client order id (openalgo.md §1.4), so the order is recognised by what was
// sent: the same symbol, exchange, side, quantity, price type, price and trigger, on a row whose
// order id no order sos knows has claimed. The first such row in the book's order (the
// broker's, oldest first) is taken; several UNKNOWN orders of one shape take the rows in turn.
// No such row: the broker never took it, or has not listed it yet; the order stays UNKNOWN
// (never resent), docs/decisions.md.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "openalgo/order_answers.hpp"
#include "openalgo/order_requests.hpp"

namespace sos::broker::live {

bool same_order(const openalgo::PlaceOrder& sent, const openalgo::BookOrder& row);

// The broker order id of the row that is `sent`, among those not in `claimed`.
std::optional<std::string> match_unknown(const openalgo::PlaceOrder& sent,
                                         const std::vector<openalgo::BookOrder>& book,
                                         const std::set<std::string, std::less<>>& claimed);

}  // namespace sos::broker::live
