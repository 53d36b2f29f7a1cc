// The paper broker's reaction to market data (internal to lib/broker/paper): candles trigger
// entries and exits, square off at the end of the day and mark positions; option chains price
// options and fill and exit structures.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "broker/paper/paper_state.hpp"

namespace sos::broker::paper {

// A position opened by an entry fill at `price`; writes the FILL and the ORDER_UPDATE.
Position open_position(Book& b, const Working& w, Paise price, Timestamp at, Timestamp candle_open);

void on_candle(Book& b, const std::string& symbol, const event::Candle& k, Timestamp open);
void on_chain(Book& b, const std::string& underlying, const event::OptionChain& ch, Timestamp at);

// Closes a position for `reason`: at `level` (plus slippage) when the traded instrument is the
// candle's own symbol and a level is given; otherwise at the next price of the instrument after
// `decided_at` (the next chain for an option, the next candle's open otherwise).
// With `last_known` (a day that ended before its square-off), the instrument's last known
// price is used instead of waiting.
void decide_exit(Book& b, Position& p, vocab::ExitReason reason, std::optional<Paise> level,
                 Timestamp decided_at, bool last_known = false);

}  // namespace sos::broker::paper
