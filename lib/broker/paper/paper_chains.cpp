#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "broker/paper/paper_market.hpp"

namespace sos::broker::paper {

namespace {

bool on_expiry(const std::string& symbol, const std::string& underlying, time::Date expiry) {
    auto o = instrument::parse_option(symbol);
    return o && o->underlying == underlying && o->expiry == expiry;
}

Position leg_position(Book& b, const PendingStructure& ps, const OrderLeg& leg, Paise price, Timestamp at) {
    Position p;
    p.order_id = ps.req.id;
    p.signal_id = ps.req.signal_id;
    p.strategy = ps.req.strategy;
    p.symbol = leg.symbol;
    p.underlying = ps.req.underlying;
    p.source = PriceSource::Chain;
    p.buy = leg.side == vocab::Side::Buy;
    p.qty = leg.qty;
    p.entry = price;
    p.entry_fees = b.fees_for(leg.symbol, ps.req.product, p.buy, leg.qty, price);
    p.product = ps.req.product;
    p.day = b.cfg.calendar->local_date(at);
    p.mark = price;
    p.marked = true;
    b.fill(ps.req.id, leg.symbol, p.buy, leg.qty, price, p.entry_fees, at);
    return p;
}

// Fills a structure when every leg has a price from a chain after the order. Returns false
// while some leg's chain has not come yet.
bool try_fill_structure(Book& b, PendingStructure& ps, Timestamp at) {
    const Timestamp after{ps.req.at.ns + 1};  // strictly after: never the signal bar's own snapshot
    std::vector<Paise> prices;
    for (const auto& leg : ps.req.legs) {
        auto price = b.chain_price(leg.symbol, after);
        if (!price) {
            auto o = instrument::parse_option(leg.symbol);
            auto it = o ? b.chains.find({std::string(o->underlying), time::days_from_civil(o->expiry)})
                        : b.chains.end();
            if (it != b.chains.end() && it->second.at >= after) {
                b.order_update(ps.req.id, ps.req.underlying, vocab::OrderStatus::Rejected, 0, std::nullopt,
                               fmt::format("no price for {} in the option chain at {}", leg.symbol,
                                           time::to_epoch_string(it->second.at)),
                               at);
                ps.req.qty = -1;
                return true;
            }
            return false;
        }
        prices.push_back(*price);
    }
    Structure st;
    st.order_id = ps.req.id;
    st.underlying = ps.req.underlying;
    st.strategy = ps.req.strategy;
    st.product = ps.req.product;
    st.day = b.cfg.calendar->local_date(at);
    st.opened_at = at;
    // Hedges (buys) first, as the exchange-facing order would send them.
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < ps.req.legs.size(); ++i) {
            const auto& leg = ps.req.legs[i];
            const bool buy = leg.side == vocab::Side::Buy;
            if (buy != (pass == 0)) continue;
            Paise price = b.slipped(prices[i], buy, b.tick_size(leg.symbol));
            st.legs.push_back(leg_position(b, ps, leg, price, at));
            st.entry_value += buy ? price * leg.qty : -(price * leg.qty);
        }
    b.order_update(ps.req.id, ps.req.underlying, vocab::OrderStatus::Complete, 0, std::nullopt,
                   "structure filled leg by leg", at);
    b.structures.push_back(std::move(st));
    ps.req.qty = -1;
    return true;
}

void close_structure(Book& b, Structure& st, vocab::ExitReason reason, Timestamp at) {
    for (auto& leg : st.legs) {
        if (leg.qty == 0) continue;
        auto price = b.chain_price(leg.symbol, Timestamp{});
        b.exit(leg, reason, b.slipped(price ? *price : leg.mark, !leg.buy, b.tick_size(leg.symbol)), at);
    }
}

// The structure's value now, when every leg has a price.
std::optional<Paise> structure_value(Book& b, Structure& st) {
    Paise value;
    for (auto& leg : st.legs) {
        auto price = b.chain_price(leg.symbol, Timestamp{});
        if (!price) return std::nullopt;
        leg.mark = *price;
        leg.marked = true;
        value += leg.buy ? leg.mark * leg.qty : -(leg.mark * leg.qty);
    }
    return value;
}

// amount >= fraction x base, exactly: the fraction (configuration, a few decimals) in
// millionths, the products in 128 bits; no rupees in floating point.
bool at_least(Paise amount, double fraction, Paise base) {
    const auto millionths = static_cast<__int128>(std::llround(fraction * 1e6));
    return static_cast<__int128>(amount.value) * 1'000'000 >= millionths * base.value;
}

void manage_structures(Book& b, const std::string& underlying, Timestamp at) {
    const auto& zone = b.cfg.calendar->zone();
    for (auto& st : b.structures) {
        if (st.underlying != underlying || st.legs.empty()) continue;
        auto value = structure_value(b, st);
        if (!value) continue;
        const Paise pnl = *value - st.entry_value;
        const Paise base{std::llabs(st.entry_value.value)};
        const Timestamp cut = zone.at(st.day, b.cfg.square_off_seconds);
        std::optional<vocab::ExitReason> reason;
        if (st.closing && at >= st.close_after)
            reason = st.close_reason;
        else if (vocab::intraday(st.product) && at >= cut)
            reason = vocab::ExitReason::Eod;
        else if (at_least(pnl, b.cfg.structure_take_profit, base))
            reason = vocab::ExitReason::Tp;
        else if (at_least(-pnl, b.cfg.structure_stop - 1.0, base))
            reason = vocab::ExitReason::Sl;
        if (reason) {
            close_structure(b, st, *reason, at);
            st.legs.clear();
        } else {
            for (const auto& leg : st.legs)
                b.position_line(leg.symbol, at);
        }
    }
    std::erase_if(b.structures, [](const Structure& s) { return s.legs.empty(); });
}

}  // namespace

void on_chain(Book& b, const std::string& underlying, const event::OptionChain& ch, Timestamp at) {
    if (!ch.expiry) return;  // the bridge's OI-only chains carry no prices
    const time::Date day = b.cfg.calendar->local_date(at);
    // A structure from a day that ended before its square-off closes at that day's last prices
    // (the chains still held), before this new day's prices replace them.
    for (auto& st : b.structures)
        if (st.underlying == underlying && vocab::intraday(st.product) &&
            time::days_from_civil(st.day) < time::days_from_civil(day)) {
            close_structure(b, st, vocab::ExitReason::Eod, at);
            st.legs.clear();
        }
    std::erase_if(b.structures, [](const Structure& s) { return s.legs.empty(); });

    auto& cp = b.chains[{underlying, time::days_from_civil(*ch.expiry)}];
    cp.at = at;
    cp.strikes.clear();
    for (const auto& row : ch.strikes)
        cp.strikes[row.strike] = {row.has_ce && row.ce.ltp ? *row.ce.ltp : -1.0,
                                  row.has_pe && row.pe.ltp ? *row.pe.ltp : -1.0};

    // Entries triggered on the underlying, waiting for the option's price.
    for (auto& w : b.working) {
        if (w.req.qty == 0 || !w.awaiting_price || w.source != PriceSource::Chain || at < w.decided_at)
            continue;
        if (!on_expiry(w.req.symbol, underlying, *ch.expiry)) continue;
        if (auto price = b.chain_price(w.req.symbol, w.decided_at)) {
            b.positions.push_back(open_position(
                b, w, b.slipped(*price, w.req.buy(), b.tick_size(w.req.symbol)), at, w.trigger_candle_open));
        } else {
            b.order_update(w.req.id, w.req.symbol, vocab::OrderStatus::Rejected, 0, std::nullopt,
                           fmt::format("no price for {} in the option chain at {}", w.req.symbol,
                                       time::to_epoch_string(at)),
                           at);
        }
        w.req.qty = 0;
    }
    // Exits decided on the underlying, waiting for the option's price; marks for the rest.
    bool any = false;
    for (auto& p : b.positions) {
        if (p.qty == 0 || p.source != PriceSource::Chain || !on_expiry(p.symbol, underlying, *ch.expiry))
            continue;
        auto price = b.chain_price(p.symbol, Timestamp{});
        if (!price) continue;
        if (p.exiting && at >= p.exit_decided_at) {
            b.exit(p, p.exit_reason, b.slipped(*price, !p.buy, b.tick_size(p.symbol)), at);
            continue;
        }
        p.mark = *price;
        p.marked = true;
        any = true;
    }
    if (any)
        for (const auto& p : b.positions)
            if (p.qty && p.source == PriceSource::Chain && on_expiry(p.symbol, underlying, *ch.expiry))
                b.position_line(p.symbol, at);

    for (auto& ps : b.pending_structures)
        if (ps.req.underlying == underlying && at > ps.req.at) try_fill_structure(b, ps, at);
    std::erase_if(b.pending_structures, [](const PendingStructure& ps) { return ps.req.qty == -1; });
    manage_structures(b, underlying, at);

    std::erase_if(b.positions, [](const Position& p) { return p.qty == 0; });
    std::erase_if(b.working, [](const Working& w) { return w.req.qty == 0; });
}

}  // namespace sos::broker::paper
