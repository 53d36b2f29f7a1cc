// What the synthetic market knows about each index it can generate: a realistic starting
// level, volatility, option contract specs, and the stocks in it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "options/expiry.hpp"

namespace sos::feed::synth {

struct IndexProfile {
    std::string symbol;
    double level_lo = 10000, level_hi = 12000;  // the starting level is drawn from this range
    double daily_vol = 0.009;                   // typical standard deviation of a day's return
    double minute_volume = 100000;              // mean synthetic volume per minute
    double strike_step = 50;
    double lot_size = 50;
    double iv_over_vix = 1.0;  // the index's ATM implied volatility relative to India VIX
    double chain_oi = 2e7;     // open interest, calls and puts, over 31 strikes of the front expiry
    options::ExpiryRule expiry;
    std::span<const std::string_view> names;  // real constituents, most liquid first
};

// NIFTY, BANKNIFTY, FINNIFTY and MIDCPNIFTY have their real specs; any other name gets a
// generic profile with numbered stocks, so a config naming a new index still runs.
IndexProfile index_profile(std::string_view symbol);

// `count` stock symbols for an index: its real names first, then <INDEX>EQ<n>.
std::vector<std::string> constituent_names(const IndexProfile& index, int count);

// A plausible price for a stock, within 100..3000: the real order of magnitude for known
// names, a value derived from the name for the rest.
double reference_price(std::string_view stock);

}  // namespace sos::feed::synth
