// Advances and declines of an index's stocks against their previous close. With real
// constituents they are counted; without any, a notional 50 are drawn from the index's move
// so the BREADTH line still moves with the market.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event/market.hpp"
#include "feed/synth/rng.hpp"
#include "feed/synth/stock_model.hpp"

namespace sos::feed::synth {

class BreadthModel {
public:
    BreadthModel(const std::string& index, std::uint64_t seed);

    static void count(const std::vector<const StockModel*>& stocks, event::Breadth& out);
    // `day_return`: the index's log return since the previous close; `elapsed`: fraction of
    // the session gone, since dispersion between stocks grows through the day.
    void notional(double day_return, double daily_vol, double elapsed, event::Breadth& out);

private:
    Rng rng_;
    double noise_ = 0;  // persistent, so the notional counts drift rather than flicker
};

}  // namespace sos::feed::synth
