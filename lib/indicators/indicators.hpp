// Incremental technical indicators with TA-Lib's conventions, O(1) work per bar and memory
// fixed at construction. Each reports its value as it stands after the bars fed so far; a
// strategy reads it before feeding the bar it is judging, so nothing looks ahead.
// Undefined (NaN) until its window is full.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "indicators/window.hpp"

namespace sos::indicators {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Simple moving average over exactly n values.
class Sma {
public:
    explicit Sma(int n) : window_(static_cast<std::size_t>(n)) {}
    void update(double x);
    double value() const {
        return window_.full() ? sum_.value() / static_cast<double>(window_.capacity()) : kNaN;
    }
    const Ring<double>& window() const { return window_; }
    RunningSum& sum() { return sum_; }
    const RunningSum& sum() const { return sum_; }
    void restore_push(double x) { window_.push_back(x); }

private:
    Ring<double> window_;
    RunningSum sum_;
};

// Exponential moving average seeded with the mean of the first n values, then
// ema += (x - ema) * 2/(n+1), as TA-Lib computes it.
class Ema {
public:
    explicit Ema(int n) : n_(n), k_(2.0 / (n + 1.0)) {}
    void update(double x);
    double value() const { return count_ >= n_ ? ema_ : kNaN; }

    int n_;
    double k_;
    std::int64_t count_ = 0;
    double seed_sum_ = 0;
    double ema_ = kNaN;
};

// Wilder's average true range: TR = max(h-l, |h-prev c|, |l-prev c|), none on the first bar;
// the mean of the first n TRs, then (ATR*(n-1) + TR)/n.
class Atr {
public:
    explicit Atr(int n) : n_(n) {}
    void update(double h, double l, double c);
    double value() const { return count_ >= n_ ? atr_ : kNaN; }

    int n_;
    double prev_close_ = kNaN;
    std::int64_t count_ = 0;  // true ranges seen
    double seed_sum_ = 0;
    double atr_ = kNaN;
};

// Wilder's RSI on closes: gains and losses averaged by their first-n means, then Wilder
// smoothing; 100*gain/(gain+loss), undefined when both are zero.
class Rsi {
public:
    explicit Rsi(int n) : n_(n) {}
    void update(double close);
    double value() const;

    int n_;
    double prev_close_ = kNaN;
    std::int64_t count_ = 0;  // changes seen
    double gain_ = 0, loss_ = 0;
};

// The highest (or lowest) of exactly the last n values, by a monotonic deque held in a ring:
// each value enters and leaves it once.
class Extremum {
public:
    Extremum(int n, bool highest) : n_(n), highest_(highest), deque_(static_cast<std::size_t>(n)) {}
    void update(double x);
    double value() const { return seen_ >= n_ ? deque_.front().value : kNaN; }

    struct Entry {
        double value = 0;
        std::int64_t seq = 0;
    };
    int n_;
    bool highest_;
    std::int64_t seen_ = 0;
    Ring<Entry> deque_;
};

// Session VWAP: sum(typical price * volume) / sum(volume) since the session opened; typical
// price (h+l+c)/3. It alone starts again each session.
class Vwap {
public:
    void update(double h, double l, double c, double v, std::int64_t day);
    // The value as it stands before a bar of session `day`: undefined at a session's first bar.
    double value(std::int64_t day) const { return day == day_ && volume_ > 0 ? pv_ / volume_ : kNaN; }

    std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
    double pv_ = 0;
    double volume_ = 0;
};

// Inline: every call site of every strategy runs these once per candle.

inline void Sma::update(double x) {
    if (window_.full()) sum_.add(-window_.front());
    window_.push_back(x);
    sum_.add(x);
}

inline void Ema::update(double x) {
    ++count_;
    if (count_ < n_) {
        seed_sum_ += x;
    } else if (count_ == n_) {
        seed_sum_ += x;
        ema_ = seed_sum_ / n_;
    } else {
        ema_ = (x - ema_) * k_ + ema_;
    }
}

inline void Atr::update(double h, double l, double c) {
    if (!std::isnan(prev_close_)) {
        const double tr = std::max({h - l, std::fabs(h - prev_close_), std::fabs(l - prev_close_)});
        ++count_;
        if (count_ < n_) {
            seed_sum_ += tr;
        } else if (count_ == n_) {
            seed_sum_ += tr;
            atr_ = seed_sum_ / n_;
        } else {
            atr_ = (atr_ * (n_ - 1) + tr) / n_;
        }
    }
    prev_close_ = c;
}

inline void Rsi::update(double close) {
    if (!std::isnan(prev_close_)) {
        const double d = close - prev_close_;
        const double g = d > 0 ? d : 0.0;
        const double s = d < 0 ? -d : 0.0;
        ++count_;
        if (count_ <= n_) {
            gain_ += g;
            loss_ += s;
            if (count_ == n_) {
                gain_ /= n_;
                loss_ /= n_;
            }
        } else {
            gain_ = (gain_ * (n_ - 1) + g) / n_;
            loss_ = (loss_ * (n_ - 1) + s) / n_;
        }
    }
    prev_close_ = close;
}

inline double Rsi::value() const {
    if (count_ < n_) return kNaN;
    const double total = gain_ + loss_;
    return total == 0 ? kNaN : 100.0 * gain_ / total;
}

inline void Extremum::update(double x) {
    const std::int64_t seq = seen_++;
    // Entries the new value dominates can never be the answer again.
    while (!deque_.empty() && (highest_ ? deque_.back().value <= x : deque_.back().value >= x))
        deque_.pop_back();
    while (!deque_.empty() && deque_.front().seq <= seq - n_)
        deque_.pop_front();
    deque_.push_back(Entry{x, seq});
}

inline void Vwap::update(double h, double l, double c, double v, std::int64_t day) {
    if (day != day_) {
        day_ = day;
        pv_ = 0;
        volume_ = 0;
    }
    pv_ += (h + l + c) / 3.0 * v;
    volume_ += v;
}

}  // namespace sos::indicators
