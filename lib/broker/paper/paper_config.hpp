// How the paper broker fills: the rules of spec/trading.md ("Orders and fills") with their
// numbers as configuration.
#pragma once

#include <memory>

#include "instrument/registry.hpp"
#include "money/fees.hpp"
#include "time/calendar.hpp"

namespace sos::broker {

struct PaperConfig {
    int entry_valid_bars = 3;  // a stop entry works this many candles, then is cancelled
    int slippage_ticks = 1;    // every fill moves this many ticks against the trader
    int square_off_seconds =
        15 * 3600 + 15 * 60;  // MIS positions close at the candle closing at or after 15:15
    // Option structures (no stop or target on the underlying): exits on the structure's value.
    double structure_take_profit = 0.5;  // of the credit collected (or the debit paid)
    double structure_stop = 2.0;         // value reaching this multiple of the credit
    money::FeeSchedule fees;
    // The tick grid fills land on (NSE's 0.05 where none is known): sos-exec's one registry,
    // shared with its lot check, which learns the lots chains carry into it.
    std::shared_ptr<const instrument::Registry> instruments = std::make_shared<const instrument::Registry>();
    const time::Calendar* calendar = nullptr;  // required
};

}  // namespace sos::broker
