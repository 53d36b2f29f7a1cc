// The POSITION line the reconciliation writes for one key (the start's, the operator's
// acceptance, sos-exec reconcile --accept-broker): the contract's fields from the broker's
// position book (`qty`, `avg_price`, `unrealized_pnl` the row's P&L for the day, `realized_pnl`
// 0), and beside them (events.md: readers ignore fields they do not know) `product`, `sos_qty`
// (what sos held), `reconcile` (adopted, mismatch, accepted) and `broker`.
#pragma once

#include <string>
#include <string_view>

#include "broker/live/reconcile.hpp"
#include "openalgo/position_book.hpp"
#include "time/timestamp.hpp"

namespace sos::broker::live {

// `row`: the position book's row of the key, or null (the broker holds nothing there). The line
// ends with '\n'.
std::string position_line(const PositionCheck& c, const openalgo::BookPosition* row, std::string_view verdict,
                          std::string_view broker, time::Timestamp at);

// The position book's row of `key` with a quantity, or null.
const openalgo::BookPosition* row_of(const std::vector<openalgo::BookPosition>& rows, const PositionKey& key);

// The position book as holdings (flat rows dropped).
Holdings holdings_of(const std::vector<openalgo::BookPosition>& rows);

}  // namespace sos::broker::live
