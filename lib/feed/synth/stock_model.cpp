#include "feed/synth/stock_model.hpp"

#include <algorithm>
#include <cmath>

#include "feed/synth/index_profile.hpp"

namespace sos::feed::synth {

namespace {

constexpr double kOwnWideBarOdds = 1.0 / 375;
// Turnover of a large Indian stock per minute, in rupees: volume is this over the price.
constexpr double kMinuteTurnover = 2.5e7;

}  // namespace

StockModel::StockModel(const std::string& symbol, std::uint64_t seed) : rng_(seed, symbol) {
    beta_ = rng_.uniform(0.7, 1.2);
    idio_sigma_ = rng_.uniform(0.007, 0.013) / std::sqrt(375.0);
    double price = std::clamp(reference_price(symbol) * std::exp(0.05 * rng_.normal()), 100.0, 3000.0);
    x_ = std::log(price);
    prev_close_ = round_tick(price);
    minute_volume_ = kMinuteTurnover * rng_.uniform(0.3, 1.5) / price;
}

void StockModel::start_day(const IndexModel& index) {
    prev_close_ = round_tick(std::exp(x_));
    x_ += beta_ * index.gap() + 0.4 * idio_sigma_ * std::sqrt(375.0) * rng_.normal();
}

void StockModel::step(int minute, const IntradayShape& shape, const IndexModel& index) {
    double idio = idio_sigma_ * shape.vol(minute) * std::sqrt(index.day_vol_factor());
    double z = rng_.normal();
    double ret = beta_ * index.minute_return() + idio * z;
    double boost = 1;
    if (rng_.chance(kOwnWideBarOdds)) {
        ret += (rng_.chance(0.5) ? 1 : -1) * idio * (3 + 2 * std::abs(rng_.normal()));
        boost = rng_.uniform(3, 6);
    }
    double open = std::exp(x_);
    x_ += ret;
    double bar_sigma = std::sqrt(beta_ * beta_ * index.minute_sigma() * index.minute_sigma() + idio * idio);
    double volume = minute_volume_ * shape.volume(minute) * index.volume_factor() * boost *
                    (0.75 + 0.3 * std::abs(z)) * std::exp(0.3 * rng_.normal() - 0.045);
    make_bar(open, std::exp(x_), bar_sigma * (boost > 1 || index.wide_bar() ? 1.6 : 1.0), volume, rng_, bar_);
}

}  // namespace sos::feed::synth
