#include "feed/synth/breadth_model.hpp"

#include <algorithm>
#include <cmath>

#include "options/normal.hpp"

namespace sos::feed::synth {

namespace {
constexpr double kNotionalStocks = 50;
}

BreadthModel::BreadthModel(const std::string& index, std::uint64_t seed) : rng_(seed, "breadth:" + index) {}

void BreadthModel::count(const std::vector<const StockModel*>& stocks, event::Breadth& out) {
    double adv = 0, dec = 0, flat = 0;
    for (const StockModel* s : stocks) {
        double c = s->bar().c, p = s->prev_close();
        if (c > p)
            ++adv;
        else if (c < p)
            ++dec;
        else
            ++flat;
    }
    out.adv = adv;
    out.dec = dec;
    out.unchanged = flat;
}

void BreadthModel::notional(double day_return, double daily_vol, double elapsed, event::Breadth& out) {
    // A stock is up when beta times the index move beats its own noise since the last close:
    // the overnight part of that noise is there from the first minute.
    double dispersion = 1.3 * daily_vol * std::sqrt(0.3 + elapsed);
    double p_up = options::norm_cdf(day_return / dispersion);
    noise_ = 0.9 * noise_ + 0.45 * rng_.normal();
    double flat = std::floor(3 * rng_.uniform() * (1 - std::abs(2 * p_up - 1)));
    double adv =
        std::clamp(std::round((kNotionalStocks - flat) * p_up + noise_), 0.0, kNotionalStocks - flat);
    out.adv = adv;
    out.dec = kNotionalStocks - flat - adv;
    out.unchanged = flat;
}

}  // namespace sos::feed::synth
