// The technical inputs of the regime models, updated bar by bar on the underlying's candles:
// EMAs, MACD, Wilder's ATR and ADX, Bollinger width, Ichimoku lines, a moving average,
// average volume, the overlap of the last few ranges, and the session VWAP. Small and
// incremental on purpose: a regime recomputes every bar for every underlying, and these are
// the regime's own definitions (documented in docs/regime.md), independent of the strategy
// engine's indicator library.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "event/market.hpp"
#include "time/civil.hpp"

namespace sos::regime {

struct IndicatorPeriods {
    int ema_fast = 20, ema_slow = 50;  // blend's trend
    int atr = 14;
    int impulse_ema = 13;
    int macd_fast = 12, macd_slow = 26, macd_signal = 9;
    int adx = 14;
    int bollinger = 20;
    double bollinger_k = 2;
    int ma = 20;
    int volume_average = 50;
    int tenkan = 9, kijun = 26, senkou_b = 52;
    int overlap = 5;
};

// An exponential moving average seeded with its first value (alpha = 2 / (n + 1)).
class Ema {
public:
    explicit Ema(int n = 1) : alpha_(2.0 / (n + 1)) {}
    double add(double x) { return value_ = seeded_ ? value_ + alpha_ * (x - value_) : (seeded_ = true, x); }
    double value() const { return value_; }
    bool seeded() const { return seeded_; }

private:
    double alpha_;
    double value_ = 0;
    bool seeded_ = false;
};

// Wilder's smoothing: the mean of the first n values, then (prev x (n - 1) + x) / n.
class Wilder {
public:
    explicit Wilder(int n = 14) : n_(n) {}
    void add(double x);
    std::optional<double> value() const { return count_ >= n_ ? std::optional(value_) : std::nullopt; }

private:
    int n_;
    int count_ = 0;
    double value_ = 0;
};

class BarIndicators {
public:
    explicit BarIndicators(const IndicatorPeriods& p = {});

    // One closed bar; `session` is its trading day (VWAP restarts with each).
    void add(const event::Candle& bar, time::Date session);

    std::size_t bars() const { return bars_; }
    double close() const { return close_; }
    double volume() const { return volume_; }

    // Each is absent until its window is full.
    std::optional<double> trend_atr() const;  // (EMA fast - EMA slow) / ATR
    std::optional<double> atr() const { return atr_.value(); }
    std::optional<double> adx() const { return adx_; }
    // Elder impulse: +1 both EMA and MACD histogram rising, -1 both falling, 0 otherwise.
    std::optional<int> impulse() const;
    std::optional<double> bollinger_width() const;  // (upper - lower) / middle
    std::optional<double> moving_average() const { return window_mean(closes_, p_.ma); }
    std::optional<double> average_volume() const { return window_mean(volumes_, p_.volume_average); }
    // Ichimoku's cloud from the current windows (no forward displacement): {bottom, top}.
    std::optional<std::pair<double, double>> cloud() const;
    // True when the last `overlap` bars share a price (the highest low below the lowest high).
    std::optional<bool> ranges_overlap() const;
    std::optional<double> vwap() const;

private:
    std::optional<double> window_mean(const std::deque<double>& v, int n) const;
    std::optional<double> mid_range(int n) const;  // (highest high + lowest low) / 2 over n bars

    IndicatorPeriods p_;
    std::size_t keep_;
    std::size_t bars_ = 0;
    double close_ = 0, volume_ = 0;
    std::deque<double> highs_, lows_, closes_, volumes_;
    Ema fast_, slow_, impulse_ema_, macd_fast_, macd_slow_, macd_signal_;
    std::optional<double> prev_impulse_ema_, prev_hist_, hist_;
    Wilder atr_;
    // ADX: Wilder sums of TR, +DM and -DM, then Wilder's mean of DX.
    double str_ = 0, spdm_ = 0, smdm_ = 0;
    int dm_count_ = 0;
    Wilder dx_;
    std::optional<double> adx_;
    std::optional<double> prev_high_, prev_low_, prev_close_;
    std::optional<time::Date> vwap_day_;
    double pv_ = 0, v_ = 0;
};

}  // namespace sos::regime
