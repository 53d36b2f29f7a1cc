// Chains for the sentiment tests: written by hand, or priced exactly by Black–Scholes so the
// volatility they were priced at is known.
#pragma once

#include <cmath>
#include <optional>
#include <vector>

#include "event/event.hpp"
#include "options/black_scholes.hpp"
#include "sentiment/strike_ladder.hpp"
#include "time/civil.hpp"

namespace sos::test {

struct Leg {
    std::optional<double> ltp, oi, volume;
};

struct Strike {
    double k;
    std::optional<Leg> ce, pe;
};

inline event::OptionChain make_chain(double spot, time::Date expiry, const std::vector<Strike>& rows) {
    event::OptionChain ch;
    ch.spot = spot;
    ch.expiry = expiry;
    for (const auto& s : rows) {
        event::StrikeRow r;
        r.strike = s.k;
        if (s.ce) {
            r.has_ce = true;
            r.ce.ltp = s.ce->ltp;
            r.ce.oi = s.ce->oi;
            r.ce.volume = s.ce->volume;
        }
        if (s.pe) {
            r.has_pe = true;
            r.pe.ltp = s.pe->ltp;
            r.pe.oi = s.pe->oi;
            r.pe.volume = s.pe->volume;
        }
        ch.strikes.push_back(r);
    }
    return ch;
}

// Strikes from lo to hi every `step`, each leg priced at vol(K) with carry (rate - dividend),
// OI 1000 per leg.
template <class VolOf>
event::OptionChain priced_chain(double spot, time::Date expiry, double years, double rate, double dividend,
                                double lo, double hi, double step, VolOf vol_of) {
    std::vector<Strike> rows;
    for (double k = lo; k <= hi + 1e-9; k += step) {
        options::BsInputs in{spot, k, years, rate, dividend};
        const double v = vol_of(k);
        rows.push_back({k, Leg{options::bs_price(options::OptionType::Call, in, v), 1000, 100},
                        Leg{options::bs_price(options::OptionType::Put, in, v), 1000, 100}});
    }
    return make_chain(spot, expiry, rows);
}

// 2024-01-08 (a Monday) at hh:mm in Asia/Kolkata.
inline time::Timestamp ist(int day, int hh, int mm) {
    return time::kIndia.at(time::Date{2024, 1, day}, hh * 3600 + mm * 60);
}

// The strike ladder the analytics build from a chain.
inline sentiment::StrikeLadder ladder_of(const event::OptionChain& ch) {
    sentiment::StrikeLadder l;
    l.build(ch);
    return l;
}

}  // namespace sos::test
