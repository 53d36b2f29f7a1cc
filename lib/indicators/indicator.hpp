// One indicator call site's state behind one type: made from its kind and period, fed one
// bar at a time, read as it stands before a bar, and saved to or restored from a flat list of
// numbers (the --state file).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "indicators/indicators.hpp"

namespace sos::indicators {

enum class Kind : std::uint8_t { Atr, Sma, Ema, Rsi, Highest, Lowest, Vwap };

struct Bar {
    double h = 0, l = 0, c = 0, v = 0;
    std::int64_t day = 0;  // session day, for VWAP
};

class Indicator {
public:
    Indicator(Kind kind, int period);

    // `x` is the input of sma/ema/highest/lowest; an undefined x is skipped, not counted.
    void update(const Bar& bar, double x);
    // The value before a bar of session `day` (only VWAP cares about the day).
    double value(std::int64_t day) const;

    Kind kind() const { return kind_; }
    int period() const { return period_; }

    void save(std::vector<double>& out) const;
    // Restores what save() wrote; false when the numbers do not fit this indicator.
    bool load(const double*& p, const double* end);

private:
    Kind kind_;
    int period_;
    std::variant<Atr, Sma, Ema, Rsi, Extremum, Vwap> s_;
};

}  // namespace sos::indicators
