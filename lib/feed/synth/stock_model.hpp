// A synthetic stock in an index: it follows its index with a beta (gap and every minute)
// plus idiosyncratic noise and the odd wide-range bar of its own, and trades more when the
// index is busy.
#pragma once

#include <cstdint>
#include <string>

#include "feed/synth/bar.hpp"
#include "feed/synth/index_model.hpp"
#include "feed/synth/intraday_shape.hpp"
#include "feed/synth/rng.hpp"

namespace sos::feed::synth {

class StockModel {
public:
    StockModel(const std::string& symbol, std::uint64_t seed);

    void start_day(const IndexModel& index);
    void step(int minute, const IntradayShape& shape, const IndexModel& index);

    const Bar& bar() const { return bar_; }
    double prev_close() const { return prev_close_; }
    double beta() const { return beta_; }

private:
    Rng rng_;
    double beta_;
    double idio_sigma_;  // per minute on a normal day
    double minute_volume_;
    double x_;
    double prev_close_;
    Bar bar_;
};

}  // namespace sos::feed::synth
