#include "regime/calibration.hpp"

#include <algorithm>
#include <cmath>

namespace sos::regime {

Calibration::Calibration(std::vector<double> horizons_minutes, double max_gap_s, time::ZoneOffset zone)
    : horizons_(std::move(horizons_minutes)), max_gap_s_(max_gap_s), zone_(zone) {}

UnderlyingReport& Calibration::report(const std::string& symbol) {
    auto it = reports_.find(symbol);
    if (it == reports_.end()) {
        UnderlyingReport r;
        for (auto& s : r.regimes) {
            s.ret_sum.assign(horizons_.size(), 0.0);
            s.ret_n.assign(horizons_.size(), 0);
            s.ret_up.assign(horizons_.size(), 0);
        }
        it = reports_.emplace(symbol, std::move(r)).first;
    }
    return it->second;
}

void Calibration::record(const RegimeLine& line) {
    if (line.hist) return;
    UnderlyingReport& r = report(line.symbol);
    Track& tr = tracks_[line.symbol];
    if (tr.pending.size() != horizons_.size()) tr.pending.resize(horizons_.size());
    const time::Date day = zone_.local_date(line.t);
    if (tr.last_t && tr.last_day == day && tr.last_regime >= 0) {
        const double dt = std::min(static_cast<double>(line.t.ns - tr.last_t->ns) / 1e9, max_gap_s_);
        if (dt > 0) {
            r.regimes[static_cast<std::size_t>(tr.last_regime)].seconds += dt;
            r.seconds += dt;
        }
    }
    if (line.stale) {
        ++r.stale_marks;
        tr.last_regime = -1;  // no time accrues to a regime kept without inputs
        tr.last_t = line.t;
        tr.last_day = day;
        return;
    }
    const int k = index(line.regime);
    if (line.changed && r.updates > 0) ++r.switches;
    ++r.updates;
    ++r.regimes[static_cast<std::size_t>(k)].updates;
    if (!r.first) r.first = line.t;
    r.last = line.t;
    if (!line.true_regime.empty()) ++r.agreement[line.true_regime][static_cast<std::size_t>(k)];
    tr.last_t = line.t;
    tr.last_day = day;
    tr.last_regime = k;
    if (line.price && *line.price > 0) {
        for (std::size_t h = 0; h < horizons_.size(); ++h)
            tr.pending[h].push_back(
                {line.t.plus_seconds(static_cast<std::int64_t>(std::llround(horizons_[h] * 60))), day, k,
                 *line.price});
    }
}

void Calibration::price(std::string_view symbol, time::Timestamp t, double p) {
    auto it = tracks_.find(symbol);
    if (it == tracks_.end() || !(p > 0)) return;
    UnderlyingReport& r = report(std::string(symbol));
    const time::Date day = zone_.local_date(t);
    for (std::size_t h = 0; h < it->second.pending.size(); ++h) {
        auto& q = it->second.pending[h];
        while (!q.empty() && (q.front().day != day || q.front().due <= t)) {
            const Pending& pend = q.front();
            if (pend.day == day) {
                const double ret = p / pend.p0 - 1;
                auto& s = r.regimes[static_cast<std::size_t>(pend.regime)];
                s.ret_sum[h] += ret;
                ++s.ret_n[h];
                if (ret > 0) ++s.ret_up[h];
            }
            q.pop_front();
        }
    }
}

UnderlyingReport Calibration::total() const {
    UnderlyingReport t;
    for (auto& s : t.regimes) {
        s.ret_sum.assign(horizons_.size(), 0.0);
        s.ret_n.assign(horizons_.size(), 0);
        s.ret_up.assign(horizons_.size(), 0);
    }
    for (const auto& [name, r] : reports_) {
        t.updates += r.updates;
        t.switches += r.switches;
        t.stale_marks += r.stale_marks;
        t.seconds += r.seconds;
        if (r.first && (!t.first || *r.first < *t.first)) t.first = r.first;
        if (r.last && (!t.last || *r.last > *t.last)) t.last = r.last;
        for (std::size_t i = 0; i < r.regimes.size(); ++i) {
            t.regimes[i].seconds += r.regimes[i].seconds;
            t.regimes[i].updates += r.regimes[i].updates;
            for (std::size_t h = 0; h < horizons_.size(); ++h) {
                t.regimes[i].ret_sum[h] += r.regimes[i].ret_sum[h];
                t.regimes[i].ret_n[h] += r.regimes[i].ret_n[h];
                t.regimes[i].ret_up[h] += r.regimes[i].ret_up[h];
            }
        }
        for (const auto& [truth, counts] : r.agreement)
            for (std::size_t i = 0; i < counts.size(); ++i)
                t.agreement[truth][i] += counts[i];
    }
    return t;
}

}  // namespace sos::regime
