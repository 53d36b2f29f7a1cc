// An order as sos-risk approved it, in the broker's terms: what to trade, how it is priced
// (OpenAlgo's pricetype and product, as a REST broker needs them), and which underlying's
// candles trigger the entry and the exits (an index signal traded as its ATM option triggers on
// the index, fills at the option's price).
//
// Which instrument each price refers to:
// - `limit` (LIMIT, SL) is a price of the traded instrument (`symbol`), as the exchange takes it;
// - `trigger` (SL, SL-M), `sl`, `tp` and `trail` are levels of `underlying`. Where `underlying`
//   is `symbol` itself (trigger_on_traded()), a live broker can send `trigger` as the stop
//   order's trigger; where it is not (an option of an index signal), the trigger is a level of
//   the index and must never go to the exchange as the option's trigger (spec/trading.md):
//   the broker watches the underlying and sends the instrument's order when it trades through.
// Every price is exact in paise: the exchange's grid, and what the contract notes add up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "money/paise.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/side.hpp"

namespace sos::broker {

struct OrderLeg {
    std::string symbol;  // resolved option symbol (NIFTY08JAN2421700CE)
    vocab::Side side = vocab::Side::Buy;
    std::int64_t qty = 0;  // units
    // How the leg was chosen (spec/strategy.md): OpenAlgo's optionsmultiorder names a leg by
    // these, resolving the strike itself (broker/live/structure_plan.hpp). The right is the
    // symbol's when the ORDER does not say it.
    std::optional<vocab::OptionRight> option_type;
    std::string offset;     // ATM, OTM2, ITM1
    int expiry_offset = 0;  // the n-th listed expiry (0: the nearest)
};

struct OrderRequest {
    std::string id;
    std::string signal_id;
    std::string strategy;
    std::string route;                    // the ORDER's `route`: the broker its producer chose
    std::string symbol;                   // traded instrument (empty for a multi-leg order)
    std::string underlying;               // whose candles trigger and exit it
    vocab::Side side = vocab::Side::Buy;  // of the traded instrument
    vocab::Side underlying_side =
        vocab::Side::Buy;  // direction on the underlying (a SELL signal bought as a put: Sell)
    std::int64_t qty = 0;
    vocab::OrderType type = vocab::OrderType::SlM;
    vocab::Product product = vocab::Product::Mis;
    std::optional<money::Paise> limit;    // LIMIT, SL: price of `symbol`
    std::optional<money::Paise> trigger;  // SL, SL-M: level of `underlying`
    std::optional<money::Paise> sl, tp;   // levels of `underlying`
    std::optional<money::Paise> trail;    // trailing distance on `underlying`; none: no trailing
    time::Timeframe tf = time::kOneMinute;
    time::Timestamp at;          // when sos-risk approved it (the signal bar's close)
    std::vector<OrderLeg> legs;  // a structure: one order, filled leg by leg, hedges first

    // The trigger is a level of the traded instrument itself (not of an underlying).
    bool trigger_on_traded() const { return underlying.empty() || underlying == symbol; }
    bool buy() const { return side == vocab::Side::Buy; }
    bool long_underlying() const { return underlying_side == vocab::Side::Buy; }
};

}  // namespace sos::broker
