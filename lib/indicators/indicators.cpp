#include "indicators/indicators.hpp"

#include <algorithm>
#include <cmath>

namespace sos::indicators {

void Sma::update(double x) {
    if (window_.full()) sum_.add(-window_.front());
    window_.push_back(x);
    sum_.add(x);
}

void Ema::update(double x) {
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

void Atr::update(double h, double l, double c) {
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

void Rsi::update(double close) {
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

double Rsi::value() const {
    if (count_ < n_) return kNaN;
    const double total = gain_ + loss_;
    return total == 0 ? kNaN : 100.0 * gain_ / total;
}

void Extremum::update(double x) {
    const std::int64_t seq = seen_++;
    // Entries the new value dominates can never be the answer again.
    while (!deque_.empty() && (highest_ ? deque_.back().value <= x : deque_.back().value >= x))
        deque_.pop_back();
    while (!deque_.empty() && deque_.front().seq <= seq - n_)
        deque_.pop_front();
    deque_.push_back(Entry{x, seq});
}

void Vwap::update(double h, double l, double c, double v, std::int64_t day) {
    if (day != day_) {
        day_ = day;
        pv_ = 0;
        volume_ = 0;
    }
    pv_ += (h + l + c) / 3.0 * v;
    volume_ += v;
}

}  // namespace sos::indicators
