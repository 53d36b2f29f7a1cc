#include "nse/chain_events.hpp"

#include <algorithm>

namespace sos::nse {

namespace {

event::OptNum positive(const event::OptNum& x) {
    return x && *x > 0 ? x : std::nullopt;
}

// The contract wants a leg's ltp and oi: a leg that never traded keeps NSE's price of 0 (the
// sentiment analytics take no price from it); one without open interest is left out.
std::optional<event::OptionLeg> leg_of(const NseLeg& in) {
    if (!in.oi || *in.oi < 0) return std::nullopt;
    event::OptionLeg l;
    l.ltp = positive(in.ltp).value_or(0);
    l.oi = in.oi;
    l.oi_change = in.oi_change;
    l.volume = in.volume;
    if (auto iv = positive(in.iv_percent)) l.iv = *iv / 100;
    return l;
}

}  // namespace

std::vector<time::Date> nearest_expiries(std::span<const time::Date> listed, time::Date today,
                                         std::size_t n) {
    std::vector<time::Date> out;
    for (time::Date d : listed)
        if (d >= today) out.push_back(d);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.size() > n) out.resize(n);
    return out;
}

ChainConversion chain_events(const NseChain& chain, const ChainSeries& s,
                             std::span<const time::Date> expiries, time::Timestamp asked_at,
                             std::vector<event::Event>& out) {
    ChainConversion n;
    if (!chain.underlying_value || *chain.underlying_value <= 0) {
        n.refusal = "the answer gives no underlying value";
        return n;
    }
    for (time::Date expiry : expiries) {
        event::Event e;
        e.env.kind = event::Kind::OptionChain;
        e.env.timestamp = chain.as_of.value_or(asked_at);
        e.env.symbol.assign(s.symbol);
        e.env.exchange.assign(s.exchange);
        e.env.src.assign(s.src);
        auto& ch = e.body.emplace<event::OptionChain>();
        ch.expiry = expiry;
        ch.spot = chain.underlying_value;
        for (const NseRow& row : chain.rows) {
            if (row.expiry != expiry) continue;
            event::StrikeRow r;
            r.strike = row.strike;
            auto ce = row.ce ? leg_of(*row.ce) : std::nullopt;
            auto pe = row.pe ? leg_of(*row.pe) : std::nullopt;
            if (!ce && !pe) continue;
            if (ce) r.has_ce = true, r.ce = *ce;
            if (pe) r.has_pe = true, r.pe = *pe;
            ch.strikes.push_back(r);
        }
        if (ch.strikes.empty()) {
            n.missing.push_back(expiry);
            continue;
        }
        std::stable_sort(
            ch.strikes.begin(), ch.strikes.end(),
            [](const event::StrikeRow& a, const event::StrikeRow& b) { return a.strike < b.strike; });
        out.push_back(std::move(e));
        n.written.push_back(expiry);
    }
    return n;
}

}  // namespace sos::nse
