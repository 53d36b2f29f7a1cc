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
    // Inline: a strategy feeds every call site on every candle.
    void update(const Bar& bar, double x) {
        switch (kind_) {
            case Kind::Atr:
                std::get_if<Atr>(&s_)->update(bar.h, bar.l, bar.c);
                return;
            case Kind::Rsi:
                std::get_if<Rsi>(&s_)->update(bar.c);
                return;
            case Kind::Vwap:
                std::get_if<Vwap>(&s_)->update(bar.h, bar.l, bar.c, bar.v, bar.day);
                return;
            default:
                break;
        }
        if (x != x) return;  // undefined: skipped
        switch (kind_) {
            case Kind::Sma:
                std::get_if<Sma>(&s_)->update(x);
                return;
            case Kind::Ema:
                std::get_if<Ema>(&s_)->update(x);
                return;
            default:
                std::get_if<Extremum>(&s_)->update(x);
                return;
        }
    }
    // The value before a bar of session `day` (only VWAP cares about the day).
    double value(std::int64_t day) const {
        switch (kind_) {
            case Kind::Atr:
                return std::get_if<Atr>(&s_)->value();
            case Kind::Rsi:
                return std::get_if<Rsi>(&s_)->value();
            case Kind::Vwap:
                return std::get_if<Vwap>(&s_)->value(day);
            case Kind::Sma:
                return std::get_if<Sma>(&s_)->value();
            case Kind::Ema:
                return std::get_if<Ema>(&s_)->value();
            default:
                return std::get_if<Extremum>(&s_)->value();
        }
    }

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
