// Entries armed on their underlying (spec/trading.md, Orders and fills): an option's stop entry
// whose trigger is a level of its index (the shipped default: a SELL signal on NIFTY buys the
// ATM put) is never sent as a stop order carrying the index's price. sos-exec --live keeps it,
// ARMED, in the state file and watches the underlying's candles; when one trades through the
// level it becomes a MARKET request (order_state.hpp: ARMED -> INTENT), docs/decisions.md
// "Entries triggered on their underlying, live".
//
// What a candle says is the paper broker's rule (paper_candles.cpp): only candles of the
// underlying at the ORDER's timeframe opening at or after the ORDER count (the signal's own bar
// never does); a BUY trigger is reached when the high is at or above it, a SELL when the low is
// at or below it (touching counts); not reached by the close of the last candle of its expiry
// (entry_valid_bars candles), it is withdrawn (EXPIRED). Live the expiry is by time, so a
// restart judges it the same: a candle opening at or after the expiry withdraws it unseen.
//
// The option's order: slice 0 goes as OpenAlgo's optionsorder, offset ATM on the signal's
// option's expiry and right, so the strike is the one at the money when the trigger is met
// (OpenAlgo resolves it at that moment); its answer names the option, which is then recorded
// and traded: the other freeze slices go by placeorder on that same symbol, so one ORDER is one
// strike. A future (or an option of another underlying) goes by placeorder, as planned.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/live/place_plan.hpp"
#include "event/market.hpp"
#include "instrument/registry.hpp"
#include "openalgo/options_order.hpp"
#include "openalgo/order_answers.hpp"
#include "openalgo/order_requests.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"

namespace sos::broker::live {

struct ArmedEntry {
    UnderlyingTrigger on;
    time::Timeframe tf = time::kOneMinute;
    time::Timestamp from;   // the ORDER's time: candles opening at or after it count
    time::Timestamp until;  // from + entry_valid_bars x tf: the expiry
};

enum class ArmedVerdict : std::uint8_t { Wait, Fire, Expire };

// What a candle of `symbol` opening at `open` says of `a`.
ArmedVerdict judge(const ArmedEntry& a, std::string_view symbol, time::Timestamp open,
                   const event::Candle& k);

// The candle's price that met the trigger, for the message: the low for a SELL, the high for a
// BUY.
money::Paise reached(const ArmedEntry& a, const event::Candle& k);

// The optionsorder an armed entry's first slice goes as: the signal's option's underlying,
// expiry and right at offset ATM, for the slice's quantity; nothing when `body` is not an
// option of the trigger's underlying (a future: placeorder as planned).
std::optional<openalgo::OptionsOrder> options_order_for(const openalgo::PlaceOrder& body,
                                                        std::string_view underlying,
                                                        const instrument::Registry& instruments);

// The option OpenAlgo resolved is one of the signal's: the same underlying, expiry and right
// (only the strike may differ).
bool same_series(std::string_view signal_option, std::string_view resolved);

// An optionsorder whose answer never came (UNKNOWN): its row in the order book is one of the
// same series (any strike), exchange, side, quantity and MARKET, whose order id no order of
// sos's has claimed; the first in the book's order.
std::optional<openalgo::BookOrder> match_unknown_option(const openalgo::PlaceOrder& sent,
                                                        const std::vector<openalgo::BookOrder>& book,
                                                        const std::set<std::string, std::less<>>& claimed);

}  // namespace sos::broker::live
