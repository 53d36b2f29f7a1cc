// An order as sos-risk approved it, in the broker's terms: what to trade, and which
// underlying's candles trigger the entry and the exits (an index signal traded as its ATM
// option triggers on the index, fills at the option's price).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "time/timeframe.hpp"
#include "time/timestamp.hpp"
#include "vocab/product.hpp"

namespace sos::broker {

struct OrderLeg {
    std::string symbol;  // resolved option symbol (NIFTY08JAN2421700CE)
    bool buy = true;
    std::int64_t qty = 0;  // units
};

struct OrderRequest {
    std::string id;
    std::string signal_id;
    std::string strategy;
    std::string symbol;           // traded instrument (empty for a multi-leg order)
    std::string underlying;       // whose candles trigger and exit it
    bool buy = true;              // side of the traded instrument
    bool long_underlying = true;  // direction on the underlying (a SELL signal bought as a put: false)
    std::int64_t qty = 0;
    bool stop_entry = true;         // SL/SL-M: enter when the underlying trades through `trigger`
    std::optional<double> trigger;  // underlying level
    std::optional<double> sl, tp;   // underlying levels
    std::optional<double> trail;    // trailing distance on the underlying; none: no trailing
    vocab::Product product = vocab::Product::Mis;
    time::Timeframe tf = time::kOneMinute;
    time::Timestamp at;          // when sos-risk approved it (the signal bar's close)
    std::vector<OrderLeg> legs;  // a structure: one order, filled leg by leg, hedges first
    bool hist = false;
};

}  // namespace sos::broker
