#include "broker/order_convert.hpp"

#include <cmath>

namespace sos::broker {

namespace {
constexpr double kLargestPrice = 1e12;
}  // namespace

std::optional<OrderRequest> to_request(const event::Event& e, std::string& why) {
    const auto* o = e.as<event::Order>();
    if (!o) {
        why = "not an ORDER";
        return std::nullopt;
    }
    OrderRequest r;
    r.id = o->id;
    r.signal_id = o->signal_id;
    r.strategy = o->strategy;
    r.route = o->route;
    r.symbol = e.env.symbol;
    r.underlying = o->underlying.empty() ? e.env.symbol : o->underlying;
    r.side = o->side.value_or(vocab::Side::Buy);  // a structure has none: its legs do
    r.underlying_side = o->signal_side ? *o->signal_side : r.side;
    r.qty = o->qty;
    r.type = o->order_type;
    // Prices are exact paise from here on; one beyond a trillion rupees is no price (and would
    // overflow the count of paise).
    bool out_of_range = false;
    auto paise = [&](const event::OptNum& v) -> std::optional<money::Paise> {
        if (!v) return std::nullopt;
        if (!(std::fabs(*v) < kLargestPrice)) {
            out_of_range = true;
            return std::nullopt;
        }
        return money::Paise::from_rupees(*v);
    };
    // OpenAlgo writes an SL-M's trigger in `price` when it has no `trigger_price`.
    r.trigger = paise(o->trigger_price);
    if (!r.trigger && vocab::is_stop(r.type)) r.trigger = paise(o->price);
    if (vocab::needs_limit_price(r.type)) r.limit = paise(o->price);
    r.sl = paise(o->sl);
    r.tp = paise(o->tp);
    if (o->trail && *o->trail > 0) r.trail = paise(o->trail);
    if (out_of_range) {
        why = "a price beyond a trillion rupees";
        return std::nullopt;
    }
    r.product = o->product;
    if (o->tf) r.tf = *o->tf;
    r.at = e.time();
    for (const auto& leg : o->legs) {
        if (leg.symbol.empty()) {
            why = "a structure leg has no resolved option symbol";
            return std::nullopt;
        }
        r.legs.push_back({leg.symbol, leg.action, leg.qty, leg.option_type, leg.offset, leg.expiry_offset});
    }
    if (r.legs.empty() && r.symbol.empty()) {
        why = "no symbol to trade";
        return std::nullopt;
    }
    return r;
}

}  // namespace sos::broker
