#include "broker/order_convert.hpp"

namespace sos::broker {

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
    r.symbol = e.env.symbol;
    r.underlying = o->underlying.empty() ? e.env.symbol : o->underlying;
    r.buy = o->side == vocab::Side::Buy;
    r.long_underlying = o->signal_side ? *o->signal_side == vocab::Side::Buy : r.buy;
    r.qty = o->qty;
    r.stop_entry = vocab::is_stop(o->order_type);
    r.trigger = o->trigger_price;
    if (!r.trigger && r.stop_entry) r.trigger = o->price;
    r.sl = o->sl;
    r.tp = o->tp;
    r.trail = o->trail && *o->trail > 0 ? o->trail : std::nullopt;
    r.product = o->product;
    if (o->tf) r.tf = *o->tf;
    r.at = e.time();
    r.hist = e.env.hist;
    for (const auto& leg : o->legs) {
        if (leg.symbol.empty()) {
            why = "a structure leg has no resolved option symbol";
            return std::nullopt;
        }
        r.legs.push_back({leg.symbol, leg.action == vocab::Side::Buy, leg.qty});
    }
    if (r.legs.empty() && r.symbol.empty()) {
        why = "no symbol to trade";
        return std::nullopt;
    }
    return r;
}

}  // namespace sos::broker
