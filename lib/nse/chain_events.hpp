// NSE's option chain as the contract's OPTION_CHAIN events, one per expiry wanted, in the form
// sos-feed synth and lib/openalgo's option_chain_event write, so lib/sentiment computes PCR,
// OI walls, max pain and IV from it unchanged:
// - spot is records.underlyingValue; each leg gives ltp (lastPrice; 0 when it never traded,
//   which the analytics take as no price), oi, oi_change, volume and iv (impliedVolatility from
//   percent to a fraction; 0, not computed, is absent); a leg without open interest is left
//   out; NSE gives no delta and no lot size;
// - the chain is timed at NSE's own snapshot time (records.timestamp), not when it was asked:
//   a chain fetched at night is the close's, and says so; without one, at `asked_at`.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.hpp"
#include "nse/option_chain_answer.hpp"

namespace sos::nse {

struct ChainSeries {
    std::string_view symbol;    // NIFTY
    std::string_view exchange;  // the underlying's: NSE_INDEX, NSE
    std::string_view src;       // "nse"
};

struct ChainConversion {
    std::vector<time::Date> written;  // expiries written, one OPTION_CHAIN each
    std::vector<time::Date> missing;  // wanted, but the answer has no row of them
    std::string refusal;              // nothing written: why (no underlying value)
};

ChainConversion chain_events(const NseChain& chain, const ChainSeries& series,
                             std::span<const time::Date> expiries, time::Timestamp asked_at,
                             std::vector<event::Event>& out);

// The first `n` of `listed` on or after `today` (expiring today still trades today).
std::vector<time::Date> nearest_expiries(std::span<const time::Date> listed, time::Date today, std::size_t n);

}  // namespace sos::nse
