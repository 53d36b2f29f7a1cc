// Option chains of one index: the two nearest expiries, strikes around the money at the
// index's step, each leg priced by Black–Scholes on a volatility smile whose at-the-money
// level follows India VIX, with open interest and volume from each expiry's book.
#pragma once

#include <cstdint>
#include <vector>

#include "event/market.hpp"
#include "feed/synth/expiry_book.hpp"
#include "feed/synth/index_profile.hpp"
#include "feed/synth/regime.hpp"
#include "feed/synth/rng.hpp"
#include "time/calendar.hpp"

namespace sos::feed::synth {

// The smile: iv(K) = atm_iv * (1 + skew * m + smile * m^2) with m = ln(K / F). Both
// coefficients steepen as expiry nears, as real short-dated smiles do.
struct Smile {
    double atm_iv = 0.15;
    double skew = -1;
    double smile = 5;
    double iv(double strike, double forward) const;
};
Smile smile_for(double atm_iv, double years);

class ChainModel {
public:
    ChainModel(const IndexProfile& profile, std::uint64_t seed, int strikes_each_side, double rate);

    // A new session: the day's expiry list, and fresh volume in each expiry's book.
    void start_day(time::Date date, const time::Calendar& calendar, double spot);
    void advance(Regime regime, double spot, double activity);
    std::size_t expiries() const { return listed_.size(); }
    // The snapshot of listed expiry `slot` at `now` (a bar close).
    void fill(std::size_t slot, time::Timestamp now, double spot, double vix, event::OptionChain& out);

private:
    IndexProfile profile_;
    Rng rng_;
    std::uint64_t seed_;
    int each_side_;
    double rate_;
    time::ZoneOffset zone_ = time::kIndia;
    std::vector<ExpiryBook> books_;      // every expiry seen and not yet expired
    std::vector<std::size_t> listed_;    // today's two nearest, as indices into books_
    std::vector<double> strikes_, buf_;  // scratch, reused snapshot after snapshot
};

}  // namespace sos::feed::synth
