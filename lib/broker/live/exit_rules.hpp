// The exits of a live position, decided as the paper broker decides them (shared/spec/
// trading.md, "Paper fills"), on the candles of its underlying, with no network here: the
// broker (live_broker_exits.cpp) sends what they decide.
// - on a candle opening after the entry filled: the open trades first (an open at or beyond
//   the target: TP; at or beyond the stop: SL or TRAIL), then a candle reaching both takes the
//   stop, one reaching one takes it;
// - trailing, after each candle: the stop moves to the best close minus the trail, never back;
// - the square-off (MIS): on the first candle of its day that closes at or after the session's
//   square-off time, stop and target first, then what is still open is closed (EOD).
// Live, the price is the broker's (a MARKET order, or the exchange stop filled), not the level.
#pragma once

#include <optional>
#include <string>

#include "broker/order_request.hpp"
#include "money/paise.hpp"
#include "time/calendar.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"
#include "vocab/exit_reason.hpp"

namespace sos::broker::live {

// What an entry's ORDER said about its exits: kept in the state file with the entry's intent,
// so a restart exits as the first run would have.
struct ExitPlan {
    std::string strategy;    // the ORDER's (a kill's scope may name it)
    std::string underlying;  // whose candles decide (the traded symbol itself, or an index)
    time::Timeframe tf = time::kOneMinute;
    bool long_underlying = true;
    std::optional<money::Paise> sl, tp, trail;  // levels (a distance: trail) of the underlying
    bool structure = false;  // its entries are the legs of an options structure (optionsmultiorder)

    bool operator==(const ExitPlan&) const = default;
};

// An ORDER's plan as sos-risk approved it.
ExitPlan exit_plan_of(const OrderRequest& order);

struct ExitBar {
    money::Paise o, h, l, c;
};

// The stop and target as they stand: the plan's, the stop trailed since.
struct ExitLevels {
    bool long_underlying = true;
    std::optional<money::Paise> sl, tp;
    bool trailed = false;  // the stop has moved from the plan's: its exit is TRAIL
};

// Which exit this candle decides, if any (the paper broker's order: the open first, then the
// stop before the target).
std::optional<vocab::ExitReason> exit_on(const ExitLevels& levels, const ExitBar& bar);

// The stop after this candle's close, trailing `trail` behind the best close `best` (updated):
// the new stop when it moves forward, nothing when it stays.
std::optional<money::Paise> trailed_stop(const ExitLevels& levels, money::Paise trail,
                                         std::optional<money::Paise>& best, money::Paise close);

// The candle [open, close) is its day's square-off candle: it closes at or after the session's
// square-off time (seconds of the local day), and the previous candle of its series (closing at
// `previous_close`, none for the first) closed before it, or on another day.
bool square_off_candle(const time::Calendar& calendar, int square_off_seconds, time::Timestamp open,
                       time::Timestamp close, std::optional<time::Timestamp> previous_close);

// A stop level on the tick grid, never looser than asked: a long's stop (a SELL stop) rounds
// up, a short's down.
money::Paise stop_on_tick(money::Paise level, money::Paise tick, bool long_underlying);

}  // namespace sos::broker::live
