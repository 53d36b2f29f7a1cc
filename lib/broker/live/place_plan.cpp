#include "broker/live/place_plan.hpp"

#include <fmt/format.h>

#include "broker/live/client_order_id.hpp"
#include "broker/live/structure_plan.hpp"

namespace sos::broker::live {

namespace {

PlaceOrderPlan refused(std::string why) {
    return PlaceOrderPlan{{}, std::move(why)};
}

// The pricetype and prices of every slice, and when they go out.
struct Pricing {
    vocab::OrderType type = vocab::OrderType::Market;
    std::optional<money::Paise> price, trigger;
    std::optional<UnderlyingTrigger> on;
};

std::optional<Pricing> pricing(const OrderRequest& o, std::string& why) {
    Pricing p;
    if (o.trigger_on_traded() || !vocab::is_stop(o.type)) {
        p.type = o.type;
        if (vocab::needs_limit_price(o.type)) p.price = o.limit;
        if (vocab::needs_trigger_price(o.type)) p.trigger = o.trigger;
        return p;
    }
    // The trigger is the underlying's: watched by sos-exec, the option bought at market then.
    if (!o.trigger) {
        why = fmt::format("{} entry without a trigger", vocab::name(o.type));
        return std::nullopt;
    }
    p.on = UnderlyingTrigger{o.underlying, o.underlying_side, *o.trigger};
    return p;
}

std::vector<std::int64_t> slices(const OrderRequest& o, const instrument::Registry& instruments) {
    if (const auto in = instruments.find(o.symbol)) return instrument::Registry::freeze_slices(o.qty, *in);
    return {o.qty};
}

}  // namespace

PlaceOrderPlan plan_placeorder(const OrderRequest& o, const instrument::Registry& instruments) {
    if (!o.legs.empty()) return structure_orders(o, instruments);  // each leg's own orders
    const auto exchange = instruments.exchange_of(o.symbol);
    if (!exchange)
        return refused(fmt::format("no exchange known for {} in the instrument registry", o.symbol));
    std::string why;
    const auto price = pricing(o, why);
    if (!price) return refused(why);
    const auto qtys = slices(o, instruments);
    if (qtys.empty()) return refused("quantity must be above zero");
    if (qtys.size() > static_cast<std::size_t>(kMaxSlices))
        return refused(
            fmt::format("{} slices at the freeze quantity, more than {}", qtys.size(), kMaxSlices));
    PlaceOrderPlan plan;
    for (std::size_t i = 0; i < qtys.size(); ++i) {
        PlannedRequest r;
        r.slice = static_cast<int>(i);
        r.client_id = *client_order_id(o.id, r.slice);
        r.body = openalgo::PlaceOrder{r.client_id, *exchange, o.symbol,     o.side,        qtys[i],
                                      price->type, o.product, price->price, price->trigger};
        r.on = price->on;
        if (auto problem = openalgo::placeorder_problem(r.body)) return refused(*problem);
        plan.requests.push_back(std::move(r));
    }
    return plan;
}

}  // namespace sos::broker::live
