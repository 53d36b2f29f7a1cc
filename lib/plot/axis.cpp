#include "plot/axis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "time/civil.hpp"

namespace sos::plot {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

SessionAxis::SessionAxis(std::vector<std::pair<double, double>> sessions, double first, double last)
    : sessions_(std::move(sessions)), first_(first), last_(last > first ? last : first + 1) {
    for (const auto& [open, close] : sessions_) {
        before_.push_back(total_);
        total_ += std::max(0.0, close - open);
    }
}

double SessionAxis::position(double t) const {
    if (total_ <= 0) return std::clamp((t - first_) / (last_ - first_), 0.0, 1.0);
    // The last session opening at or before t.
    auto it = std::upper_bound(sessions_.begin(), sessions_.end(), t,
                               [](double v, const std::pair<double, double>& s) { return v < s.first; });
    if (it == sessions_.begin()) return 0;
    const std::size_t i = static_cast<std::size_t>(it - sessions_.begin()) - 1;
    const double within = std::min(t, sessions_[i].second) - sessions_[i].first;
    return (before_[i] + within) / total_;
}

std::vector<SessionAxis::Tick> SessionAxis::ticks(int max_ticks, int utc_offset) const {
    std::vector<Tick> out;
    max_ticks = std::max(max_ticks, 2);
    auto local = [utc_offset](double t) { return static_cast<long long>(std::floor(t)) + utc_offset; };
    if (sessions_.size() <= 1) {
        // Hours of a single session (or of plain time).
        const double a = sessions_.empty() ? first_ : sessions_[0].first;
        const double b = sessions_.empty() ? last_ : sessions_[0].second;
        const double span_h = (b - a) / 3600.0;
        const int step_h = std::max(1, static_cast<int>(std::ceil(span_h / max_ticks)));
        for (long long h = (local(a) + 3599) / 3600; h * 3600 - utc_offset <= b; h += step_h) {
            const double t = static_cast<double>(h * 3600 - utc_offset);
            const int hour = static_cast<int>(((h % 24) + 24) % 24);
            out.push_back({position(t), fmt::format("{:02}:00", hour)});
        }
        return out;
    }
    // Day or month labels at session opens.
    const bool months = sessions_.size() > static_cast<std::size_t>(max_ticks) * 5;
    std::vector<std::pair<double, std::string>> candidates;
    int last_month = -1;
    for (const auto& [open, close] : sessions_) {
        const time::Date date = time::civil_from_days(local(open) / 86400);
        const int y = date.year, m = date.month, d = date.day;
        if (months) {
            if (y * 12 + m == last_month) continue;
            last_month = y * 12 + m;
            candidates.emplace_back(open, fmt::format("{} {}", kMonths[m - 1], y));
        } else {
            candidates.emplace_back(open, fmt::format("{:02} {}", d, kMonths[m - 1]));
        }
    }
    const std::size_t step = (candidates.size() + max_ticks - 1) / max_ticks;
    for (std::size_t i = 0; i < candidates.size(); i += std::max<std::size_t>(step, 1))
        out.push_back({position(candidates[i].first), candidates[i].second});
    return out;
}

std::vector<double> ValueAxis::ticks() const {
    std::vector<double> out;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; ++k)
        out.push_back(k == 0 ? 0.0 : k * step);
    return out;
}

int ValueAxis::decimals() const {
    for (int d = 0; d < 2; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
    }
    return 2;
}

ValueAxis nice_axis(double lo, double hi, int max_ticks) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (!(hi > lo)) hi = lo + 1;
    const double raw = (hi - lo) / std::max(max_ticks, 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
        if (m * mag >= raw * (1 - 1e-9)) {
            step = m * mag;
            break;
        }
    }
    return {lo, hi, step};
}

}  // namespace sos::plot
