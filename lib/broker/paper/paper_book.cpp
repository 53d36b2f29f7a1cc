#include <algorithm>
#include <cstdlib>

#include "broker/paper/paper_state.hpp"
#include "time/bar_close.hpp"

namespace sos::broker::paper {

event::Event Book::make(event::Kind kind, const std::string& symbol, Timestamp at) const {
    event::Event e;
    e.env.kind = kind;
    e.env.timestamp = at;
    e.env.symbol = symbol;
    e.env.src = "sos-exec";
    e.env.mode = "paper";
    return e;
}

void Book::order_update(const std::string& id, const std::string& symbol, vocab::OrderStatus status,
                        std::int64_t filled, std::optional<Paise> avg, std::string message, Timestamp at) {
    auto e = make(event::Kind::OrderUpdate, symbol, at);
    auto& u = e.body.emplace<event::OrderUpdate>();
    u.id = id;
    u.broker_order_id = "paper-" + id;
    u.status = status;
    u.filled_qty = filled;
    if (avg) u.avg_price = avg->rupees();
    u.message = std::move(message);
    written.push_back(std::move(e));
}

void Book::fill(const std::string& order_id, const std::string& symbol, bool buy, std::int64_t qty,
                Paise price, Paise fees, Timestamp at) {
    auto e = make(event::Kind::Fill, symbol, at);
    auto& f = e.body.emplace<event::Fill>();
    f.order_id = order_id;
    f.side = buy ? vocab::Side::Buy : vocab::Side::Sell;
    f.qty = qty;
    f.price = price.rupees();
    f.fees = fees.rupees();
    written.push_back(std::move(e));
}

void Book::exit(Position& p, vocab::ExitReason reason, Paise price, Timestamp at) {
    const Paise exit_fees = fees_for(p.symbol, p.product, !p.buy, p.qty, price);
    fill(p.order_id, p.symbol, !p.buy, p.qty, price, exit_fees, at);
    // Net P&L of the round trip: price difference on the quantity, less both sides' charges.
    const Paise gross = (p.buy ? price - p.entry : p.entry - price) * p.qty;
    const Paise pnl = gross - p.entry_fees - exit_fees;
    auto e = make(event::Kind::Exit, p.symbol, at);
    auto& x = e.body.emplace<event::Exit>();
    x.order_id = p.order_id;
    x.reason = reason;
    x.price = price.rupees();
    x.qty = p.qty;
    x.pnl = pnl.rupees();
    written.push_back(std::move(e));
    const time::Date today = cfg.calendar->local_date(at);
    if (today != realized_day) {
        realized.clear();
        realized_day = today;
    }
    realized[p.symbol] += pnl;
    p.qty = 0;  // closed: removed at the end of the step
    position_line(p.symbol, at);
}

std::int64_t Book::open_qty(const std::string& symbol) const {
    std::int64_t qty = 0;
    auto add = [&](const Position& p) {
        if (p.symbol == symbol) qty += p.buy ? p.qty : -p.qty;
    };
    for (const auto& p : positions)
        add(p);
    for (const auto& st : structures)
        for (const auto& leg : st.legs)
            add(leg);
    return qty;
}

namespace {
// cost / qty to the nearest paisa, halves away from zero.
Paise average(Paise cost, std::int64_t qty) {
    const bool negative = (cost.value < 0) != (qty < 0);
    const std::int64_t amount = std::llabs(cost.value), units = std::llabs(qty);
    const std::int64_t q = (2 * amount + units) / (2 * units);
    return Paise{negative ? -q : q};
}
}  // namespace

void Book::position_line(const std::string& symbol, Timestamp at) {
    std::int64_t qty = 0;
    Paise cost, unrealized;
    auto add = [&](const Position& p) {
        if (p.symbol != symbol || p.qty == 0) return;
        const std::int64_t signed_qty = p.buy ? p.qty : -p.qty;
        qty += signed_qty;
        cost += p.entry * signed_qty;
        if (p.marked) unrealized += (p.mark - p.entry) * signed_qty;
    };
    for (const auto& p : positions)
        add(p);
    for (const auto& st : structures)
        for (const auto& leg : st.legs)
            add(leg);
    auto e = make(event::Kind::Position, symbol, at);
    auto& pos = e.body.emplace<event::Position>();
    pos.qty = qty;
    // Average entry of what is open, to the paisa (halves away from zero, once, from the exact
    // cost); a flat position has none.
    pos.avg_price = qty != 0 ? average(cost, qty).rupees() : 0.0;
    auto it = realized.find(symbol);
    pos.realized_pnl = it != realized.end() ? it->second.rupees() : 0.0;
    pos.unrealized_pnl = unrealized.rupees();
    written.push_back(std::move(e));
}

Paise Book::tick_size(const std::string& symbol) const {
    return cfg.instruments->tick_of(symbol);
}

Paise Book::slipped(Paise price, bool buy, Paise tick) const {
    // Slippage works against the trader: a buy pays more, a sell receives less. Fills land on
    // the exchange's tick grid, counted in whole paise (a tick below a paisa counts as one).
    const std::int64_t step = std::max<std::int64_t>(1, tick.value);
    // The nearest tick, halves away from zero; prices are positive.
    std::int64_t ticks = (2 * price.value + step) / (2 * step);
    ticks += buy ? cfg.slippage_ticks : -cfg.slippage_ticks;
    if (ticks < 1) ticks = 1;
    return Paise{ticks * step};
}

Paise Book::fees_for(const std::string& symbol, vocab::Product product, bool buy, std::int64_t qty,
                     Paise price) const {
    return money::charges(cfg.fees[money::segment_of(symbol, product)], buy, qty, price).total();
}

std::optional<Paise> Book::chain_price(const std::string& option_symbol, Timestamp at_or_after) const {
    auto o = instrument::parse_option(option_symbol);
    if (!o) return std::nullopt;
    auto it = chains.find({std::string(o->underlying), time::days_from_civil(o->expiry)});
    if (it == chains.end() || it->second.at < at_or_after) return std::nullopt;
    auto s = it->second.strikes.find(o->strike);
    if (s == it->second.strikes.end()) return std::nullopt;
    double price = o->right == vocab::OptionRight::Call ? s->second.first : s->second.second;
    if (!(price > 0)) return std::nullopt;
    return Paise::from_price(price);
}

Timestamp Book::close_time(Timestamp open, time::Timeframe tf) const {
    return time::bar_close(open, tf, cfg.calendar);
}

}  // namespace sos::broker::paper
