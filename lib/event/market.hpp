// Market messages: what happened in the market (ticks, bars, chains, breadth, sentiment).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "time/civil.hpp"
#include "time/timeframe.hpp"
#include "vocab/regime.hpp"

namespace sos::event {

using OptNum = std::optional<double>;

struct Tick {
    double ltp = 0;
    OptNum volume;  // cumulative for the day
    OptNum oi, bid, ask, bid_qty, ask_qty;
};

// One closed bar; the envelope's timestamp is its open time.
struct Candle {
    time::Timeframe tf = time::kOneMinute;
    double o = 0, h = 0, l = 0, c = 0, v = 0;
    OptNum oi;
    bool gap = false;      // no trade in the bar: o=h=l=c=previous close, v=0 (sos extension)
    bool partial = false;  // the data ended before the bar did: it holds only what came (sos extension)
};

struct OptionLeg {
    OptNum ltp, oi, oi_change, volume, iv, delta;
};

struct StrikeRow {
    double strike = 0;
    bool has_ce = false, has_pe = false;
    OptionLeg ce, pe;
};

struct OptionChain {
    std::optional<time::Date> expiry;  // required in the canonical form; absent in the bridge's
    OptNum spot;                       // likewise
    OptNum lot_size;
    std::vector<StrikeRow> strikes;
};

struct Breadth {
    double adv = 0, dec = 0;
    OptNum unchanged;
};

// Every field optional: an update carries what changed and readers merge field by field.
struct Sentiment {
    OptNum pcr, pcr_volume, pcr_velocity;
    OptNum breadth_adv, breadth_dec;
    OptNum oi_wall_above, oi_wall_below, max_pain;
    OptNum iv, iv_rank, iv_percentile, hv, skew, term, vix;
    std::optional<vocab::Regime> regime;  // when an upstream already decided it
};

}  // namespace sos::event
