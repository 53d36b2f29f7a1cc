#include "broker/live/armed_entries.hpp"

#include "instrument/symbology.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

bool buy_trigger(const ArmedEntry& a) {
    return a.on.side == vocab::Side::Buy;
}

}  // namespace

money::Paise reached(const ArmedEntry& a, const event::Candle& k) {
    return money::Paise::from_price(buy_trigger(a) ? k.h : k.l);
}

ArmedVerdict judge(const ArmedEntry& a, std::string_view symbol, time::Timestamp open,
                   const event::Candle& k) {
    if (symbol != a.on.underlying || open < a.from) return ArmedVerdict::Wait;
    if (open >= a.until) return ArmedVerdict::Expire;  // its last candle went by unseen (a gap, a restart)
    if (k.tf.seconds != a.tf.seconds) return ArmedVerdict::Wait;
    const auto price = reached(a, k);
    if (buy_trigger(a) ? price >= a.on.level : price <= a.on.level) return ArmedVerdict::Fire;
    if (open.plus_seconds(k.tf.seconds) >= a.until) return ArmedVerdict::Expire;
    return ArmedVerdict::Wait;
}

std::optional<openalgo::OptionsOrder> options_order_for(const openalgo::PlaceOrder& body,
                                                        std::string_view underlying,
                                                        const instrument::Registry& instruments) {
    const auto parts = instrument::parse_option(body.symbol);
    if (!parts || parts->underlying != underlying) return std::nullopt;
    openalgo::OptionsOrder o;
    o.strategy = body.strategy;
    o.underlying = std::string(underlying);
    o.exchange = instruments.exchange_of(underlying).value_or(vocab::Exchange::NseIndex);
    o.expiry = parts->expiry;
    o.option_type = parts->right;
    o.action = body.action;
    o.quantity = body.quantity;
    o.product = body.product;
    return o;
}

bool same_series(std::string_view signal_option, std::string_view resolved) {
    const auto a = instrument::parse_option(signal_option);
    const auto b = instrument::parse_option(resolved);
    return a && b && a->underlying == b->underlying && a->expiry == b->expiry && a->right == b->right;
}

std::optional<openalgo::BookOrder> match_unknown_option(const openalgo::PlaceOrder& sent,
                                                        const std::vector<openalgo::BookOrder>& book,
                                                        const std::set<std::string, std::less<>>& claimed) {
    for (const auto& row : book)
        if (!claimed.contains(row.orderid) && same_series(sent.symbol, row.symbol) &&
            row.exchange == vocab::name(sent.exchange) && row.action == sent.action &&
            row.quantity == sent.quantity && row.pricetype == vocab::OrderType::Market)
            return row;
    return std::nullopt;
}

}  // namespace sos::broker::live
