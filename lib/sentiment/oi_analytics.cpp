#include "sentiment/oi_analytics.hpp"

#include <cmath>

namespace sos::sentiment {

namespace {

double figure(const std::optional<double>& x) {
    return x && std::isfinite(*x) && *x > 0 ? *x : 0.0;
}

double oi(const event::StrikeRow& r, bool call) {
    if (!(call ? r.has_ce : r.has_pe)) return 0;
    return figure(call ? r.ce.oi : r.pe.oi);
}

}  // namespace

PutCallRatios put_call_ratios(const StrikeLadder& ladder) {
    PutCallRatios out;
    bool calls = false, puts = false, call_volume_seen = false, put_volume_seen = false;
    double call_oi = 0, put_oi = 0, call_vol = 0, put_vol = 0;
    for (const auto* r : ladder.rows()) {
        if (r->has_ce) {
            calls = true;
            call_oi += figure(r->ce.oi);
            if (r->ce.volume) call_volume_seen = true;
            call_vol += figure(r->ce.volume);
        }
        if (r->has_pe) {
            puts = true;
            put_oi += figure(r->pe.oi);
            if (r->pe.volume) put_volume_seen = true;
            put_vol += figure(r->pe.volume);
        }
    }
    if (calls && puts && call_oi > 0) out.oi = put_oi / call_oi;
    if (call_volume_seen && put_volume_seen && call_vol > 0) out.volume = put_vol / call_vol;
    return out;
}

OiWalls oi_walls(const StrikeLadder& ladder, double spot, const WallRule& rule) {
    OiWalls out;
    const int atm = ladder.nearest(spot);
    if (atm < 0) return out;
    const double atm_strike = ladder[static_cast<std::size_t>(atm)].strike;
    const double step_gap = rule.min_steps * ladder.step();
    const double spot_gap = rule.min_fraction * spot;
    // Strikes are sorted, so scanning away from spot makes the first of equal OIs the nearer.
    double best = 0;
    for (std::size_t i = static_cast<std::size_t>(atm); i < ladder.size(); ++i) {
        double k = ladder[i].strike;
        if (k <= spot || static_cast<int>(i) == atm) continue;
        if (k - atm_strike < step_gap * (1 - 1e-9) || k - spot < spot_gap) continue;
        double v = oi(ladder[i], true);
        if (v > best) {
            best = v;
            out.above = k;
        }
    }
    best = 0;
    for (std::size_t j = static_cast<std::size_t>(atm) + 1; j-- > 0;) {
        double k = ladder[j].strike;
        if (k >= spot || static_cast<int>(j) == atm) continue;
        if (atm_strike - k < step_gap * (1 - 1e-9) || spot - k < spot_gap) continue;
        double v = oi(ladder[j], false);
        if (v > best) {
            best = v;
            out.below = k;
        }
    }
    return out;
}

std::optional<double> max_pain(const StrikeLadder& ladder, double spot) {
    const std::size_t n = ladder.size();
    if (n == 0) return std::nullopt;
    // pay(S_j) = S_j * C_<j - CK_<j + PK_>j - S_j * P_>j over call OI C and put OI P: two
    // running sums make it one pass instead of n^2.
    double put_total = 0, put_k_total = 0;
    for (const auto* r : ladder.rows()) {
        put_total += oi(*r, false);
        put_k_total += oi(*r, false) * r->strike;
    }
    // With one side missing the figure degenerates to the chain's edge strike: not a signal.
    double call_total = 0;
    for (const auto* r : ladder.rows())
        call_total += oi(*r, true);
    if (put_total <= 0 || call_total <= 0) return std::nullopt;
    double c_below = 0, ck_below = 0, p_above = put_total, pk_above = put_k_total;
    std::optional<double> best_strike;
    double best_pay = 0;
    for (std::size_t j = 0; j < n; ++j) {
        const double s = ladder[j].strike;
        const double p = oi(ladder[j], false);
        p_above -= p;
        pk_above -= p * s;
        const double pay = s * c_below - ck_below + pk_above - s * p_above;
        const bool better = !best_strike || pay < best_pay - 1e-9 * std::abs(best_pay) ||
                            (std::abs(pay - best_pay) <= 1e-9 * std::abs(best_pay) &&
                             std::abs(s - spot) < std::abs(*best_strike - spot));
        if (better) {
            best_pay = pay;
            best_strike = s;
        }
        const double c = oi(ladder[j], true);
        c_below += c;
        ck_below += c * s;
    }
    return best_strike;
}

}  // namespace sos::sentiment
