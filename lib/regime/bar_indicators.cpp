#include "regime/bar_indicators.hpp"

#include <algorithm>
#include <cmath>

namespace sos::regime {

void Wilder::add(double x) {
    if (count_ < n_) {
        value_ += (x - value_) / ++count_;  // running mean of the first n
        return;
    }
    value_ = (value_ * (n_ - 1) + x) / n_;
}

BarIndicators::BarIndicators(const IndicatorPeriods& p)
    : p_(p),
      keep_(static_cast<std::size_t>(
          std::max({p.senkou_b, p.kijun, p.tenkan, p.bollinger, p.ma, p.volume_average, p.overlap, 1}))),
      fast_(p.ema_fast),
      slow_(p.ema_slow),
      impulse_ema_(p.impulse_ema),
      macd_fast_(p.macd_fast),
      macd_slow_(p.macd_slow),
      macd_signal_(p.macd_signal),
      atr_(p.atr),
      dx_(p.adx) {}

void BarIndicators::add(const event::Candle& k, time::Date session) {
    ++bars_;
    close_ = k.c;
    volume_ = k.v;
    for (auto* q : {&highs_, &lows_, &closes_, &volumes_})
        if (q->size() == keep_) q->pop_front();
    highs_.push_back(k.h);
    lows_.push_back(k.l);
    closes_.push_back(k.c);
    volumes_.push_back(k.v);

    fast_.add(k.c);
    slow_.add(k.c);
    if (impulse_ema_.seeded()) prev_impulse_ema_ = impulse_ema_.value();
    impulse_ema_.add(k.c);
    const double macd = macd_fast_.add(k.c) - macd_slow_.add(k.c);
    prev_hist_ = hist_;
    hist_ = macd - macd_signal_.add(macd);

    const double tr = prev_close_
                          ? std::max({k.h - k.l, std::abs(k.h - *prev_close_), std::abs(k.l - *prev_close_)})
                          : k.h - k.l;
    atr_.add(tr);
    if (prev_high_) {
        const double up = k.h - *prev_high_, down = *prev_low_ - k.l;
        const double pdm = up > down && up > 0 ? up : 0;
        const double mdm = down > up && down > 0 ? down : 0;
        const int n = p_.adx;
        if (dm_count_ < n) {
            str_ += tr;
            spdm_ += pdm;
            smdm_ += mdm;
            ++dm_count_;
        } else {
            str_ += tr - str_ / n;
            spdm_ += pdm - spdm_ / n;
            smdm_ += mdm - smdm_ / n;
        }
        if (dm_count_ >= n && str_ > 0) {
            const double pdi = 100 * spdm_ / str_, mdi = 100 * smdm_ / str_;
            const double dx = pdi + mdi > 0 ? 100 * std::abs(pdi - mdi) / (pdi + mdi) : 0;
            dx_.add(dx);
            adx_ = dx_.value();
        }
    }
    prev_high_ = k.h;
    prev_low_ = k.l;
    prev_close_ = k.c;

    if (vwap_day_ != session) {
        vwap_day_ = session;
        pv_ = v_ = 0;
    }
    pv_ += (k.h + k.l + k.c) / 3 * k.v;
    v_ += k.v;
}

std::optional<double> BarIndicators::trend_atr() const {
    auto a = atr();
    if (bars_ < static_cast<std::size_t>(p_.ema_slow) || !a || *a <= 0) return std::nullopt;
    return (fast_.value() - slow_.value()) / *a;
}

std::optional<int> BarIndicators::impulse() const {
    if (bars_ < static_cast<std::size_t>(p_.macd_slow + p_.macd_signal) || !prev_impulse_ema_ || !prev_hist_)
        return std::nullopt;
    const bool ema_up = impulse_ema_.value() > *prev_impulse_ema_,
               ema_down = impulse_ema_.value() < *prev_impulse_ema_;
    const bool hist_up = *hist_ > *prev_hist_, hist_down = *hist_ < *prev_hist_;
    if (ema_up && hist_up) return 1;
    if (ema_down && hist_down) return -1;
    return 0;
}

std::optional<double> BarIndicators::window_mean(const std::deque<double>& v, int n) const {
    if (n <= 0 || v.size() < static_cast<std::size_t>(n)) return std::nullopt;
    double sum = 0;
    for (auto it = v.end() - n; it != v.end(); ++it)
        sum += *it;
    return sum / n;
}

std::optional<double> BarIndicators::bollinger_width() const {
    const int n = p_.bollinger;
    auto mean = window_mean(closes_, n);
    if (!mean || *mean == 0 || n < 2) return std::nullopt;
    double ss = 0;
    for (auto it = closes_.end() - n; it != closes_.end(); ++it)
        ss += (*it - *mean) * (*it - *mean);
    const double sd = std::sqrt(ss / (n - 1));
    return 2 * p_.bollinger_k * sd / *mean;
}

std::optional<double> BarIndicators::mid_range(int n) const {
    if (n <= 0 || highs_.size() < static_cast<std::size_t>(n)) return std::nullopt;
    const double hi = *std::max_element(highs_.end() - n, highs_.end());
    const double lo = *std::min_element(lows_.end() - n, lows_.end());
    return (hi + lo) / 2;
}

std::optional<std::pair<double, double>> BarIndicators::cloud() const {
    auto tenkan = mid_range(p_.tenkan), kijun = mid_range(p_.kijun), span_b = mid_range(p_.senkou_b);
    if (!tenkan || !kijun || !span_b) return std::nullopt;
    const double span_a = (*tenkan + *kijun) / 2;
    return std::pair{std::min(span_a, *span_b), std::max(span_a, *span_b)};
}

std::optional<bool> BarIndicators::ranges_overlap() const {
    const int n = p_.overlap;
    if (n <= 0 || highs_.size() < static_cast<std::size_t>(n)) return std::nullopt;
    const double lowest_high = *std::min_element(highs_.end() - n, highs_.end());
    const double highest_low = *std::max_element(lows_.end() - n, lows_.end());
    return highest_low <= lowest_high;
}

std::optional<double> BarIndicators::vwap() const {
    if (!(v_ > 0)) return std::nullopt;
    return pv_ / v_;
}

}  // namespace sos::regime
