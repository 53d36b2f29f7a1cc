#include "sentiment/chain_iv.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sos::sentiment {

namespace {

using options::OptionType;

std::optional<double> strike_iv(const event::StrikeRow& row, double forward, double years, double rate) {
    double sum = 0;
    int n = 0;
    for (bool call : {true, false}) {
        auto r = leg_iv(row, call, forward, years, rate);
        if (r.ok()) {
            sum += r.vol;
            ++n;
        }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
}

}  // namespace

ForwardEstimate implied_forward(const StrikeLadder& ladder, double spot, double years, const IvSettings& s) {
    ForwardEstimate out;
    const double t = std::max(years, 0.0);
    const double growth = std::exp(s.rate * t);
    out.forward = spot * growth;
    const int centre = ladder.nearest(spot);
    if (centre < 0 || s.parity_strikes <= 0) return out;

    // Strikes in order of distance from spot (two cursors moving outwards), the first ones
    // that quote both legs; a few more are looked at when some near the money lack a leg.
    constexpr int kMaxPairs = 16;
    std::array<double, kMaxPairs> found{};
    const int want = std::min(s.parity_strikes, kMaxPairs);
    const int size = static_cast<int>(ladder.size());
    int n = 0, lo = centre, hi = centre + 1;
    for (int looked = 0; n < want && looked < 3 * want && (lo >= 0 || hi < size); ++looked) {
        const bool take_lo =
            hi >= size || (lo >= 0 && spot - ladder[static_cast<std::size_t>(lo)].strike <=
                                          ladder[static_cast<std::size_t>(hi)].strike - spot);
        const auto& row = ladder[static_cast<std::size_t>(take_lo ? lo-- : hi++)];
        const double* c = usable_price(row, true);
        const double* p = usable_price(row, false);
        if (!c || !p) continue;
        const double f = row.strike + growth * (*c - *p);
        if (!(f > 0) || std::abs(f / spot - 1) > s.max_forward_gap) continue;
        found[static_cast<std::size_t>(n++)] = f;
    }
    if (n == 0) return out;
    std::sort(found.begin(), found.begin() + n);
    out.forward =
        n % 2 ? found[static_cast<std::size_t>(n / 2)]
              : 0.5 * (found[static_cast<std::size_t>(n / 2 - 1)] + found[static_cast<std::size_t>(n / 2)]);
    out.pairs = n;
    out.from_parity = true;
    return out;
}

options::IvResult leg_iv(const event::StrikeRow& row, bool call, double forward, double years, double rate) {
    const double* price = usable_price(row, call);
    if (!price) return options::IvResult{};
    // Black-76 as Black–Scholes with the carry equal to the rate: the forward is F itself and
    // prices are discounted at r.
    options::BsInputs in{forward, row.strike, years, rate, rate};
    return options::implied_vol(call ? OptionType::Call : OptionType::Put, *price, in);
}

AtmIv atm_iv(const StrikeLadder& ladder, double spot, double years, const IvSettings& s) {
    AtmIv out;
    if (ladder.empty()) {
        out.why = "empty chain";
        return out;
    }
    if (!(years > 0)) {
        out.why = "expired";
        return out;
    }
    out.forward = implied_forward(ladder, spot, years, s).forward;
    const int atm = ladder.nearest(out.forward);
    out.atm_strike = ladder[static_cast<std::size_t>(atm)].strike;
    const int size = static_cast<int>(ladder.size());
    // The bracketing pair: atm and its neighbour on the forward's other side.
    int lo = atm, hi = atm;
    if (ladder[static_cast<std::size_t>(atm)].strike <= out.forward) {
        if (atm + 1 < size) hi = atm + 1;
    } else if (atm > 0) {
        lo = atm - 1;
    }
    auto iv_lo = strike_iv(ladder[static_cast<std::size_t>(lo)], out.forward, years, s.rate);
    auto iv_hi =
        lo == hi ? iv_lo : strike_iv(ladder[static_cast<std::size_t>(hi)], out.forward, years, s.rate);
    if (iv_lo && iv_hi && lo != hi) {
        const double klo = ladder[static_cast<std::size_t>(lo)].strike;
        const double khi = ladder[static_cast<std::size_t>(hi)].strike;
        const double w = std::clamp((out.forward - klo) / (khi - klo), 0.0, 1.0);
        out.iv = *iv_lo + w * (*iv_hi - *iv_lo);
        return out;
    }
    if (iv_lo || iv_hi) {
        out.iv = iv_lo ? iv_lo : iv_hi;
        return out;
    }
    for (int d = 1; d <= s.atm_search; ++d) {
        for (int i : {atm - d, atm + d}) {
            if (i < 0 || i >= size || i == lo || i == hi) continue;
            if (auto v = strike_iv(ladder[static_cast<std::size_t>(i)], out.forward, years, s.rate)) {
                out.iv = v;
                return out;
            }
        }
    }
    // Nothing solved near the money: say what the solver found at the ATM strike itself.
    const auto& row = ladder[static_cast<std::size_t>(atm)];
    auto verdict = [&](bool call) -> std::string {
        if (!usable_price(row, call)) return "no price";
        return std::string(options::to_string(leg_iv(row, call, out.forward, years, s.rate).status));
    };
    out.why = "strike " + std::to_string(static_cast<long long>(std::llround(row.strike))) + ": call " +
              verdict(true) + ", put " + verdict(false);
    return out;
}

Skew skew(const StrikeLadder& ladder, double forward, double years, const IvSettings& s) {
    Skew out;
    const double step = ladder.step();
    const int atm = ladder.nearest(forward);
    if (atm < 0 || step <= 0 || !(years > 0)) return out;
    const double atm_strike = ladder[static_cast<std::size_t>(atm)].strike;
    const double d = std::max(1.0, std::round(s.skew_distance * forward / step)) * step;
    out.put_strike = atm_strike - d;
    out.call_strike = atm_strike + d;
    const int ip = ladder.find(out.put_strike), ic = ladder.find(out.call_strike);
    if (ip < 0 || ic < 0) return out;
    auto put = leg_iv(ladder[static_cast<std::size_t>(ip)], false, forward, years, s.rate);
    auto call = leg_iv(ladder[static_cast<std::size_t>(ic)], true, forward, years, s.rate);
    if (put.ok() && call.ok() && call.vol > 0) out.ratio = put.vol / call.vol;
    return out;
}

}  // namespace sos::sentiment
