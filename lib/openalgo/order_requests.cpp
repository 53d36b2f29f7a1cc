#include "openalgo/order_requests.hpp"

namespace sos::openalgo {

namespace {

void price(event::JsonWriter& w, std::string_view key, const std::optional<money::Paise>& p) {
    if (p) w.raw(key, p->to_string());
}

}  // namespace

std::optional<std::string> placeorder_problem(const PlaceOrder& o) {
    if (o.quantity <= 0) return "quantity must be above zero";
    if (o.strategy.empty() || o.symbol.empty()) return "strategy and symbol are required";
    const bool wants_price = vocab::needs_limit_price(o.pricetype);
    const bool wants_trigger = vocab::needs_trigger_price(o.pricetype);
    const std::string type(vocab::name(o.pricetype));
    if (wants_price != o.price.has_value())
        return type + (wants_price ? " needs price" : " carries no price");
    if (wants_trigger != o.trigger_price.has_value())
        return type + (wants_trigger ? " needs trigger_price" : " carries no trigger_price");
    if ((o.price && o.price->value < 0) || (o.trigger_price && o.trigger_price->value < 0))
        return "prices are not negative";
    return std::nullopt;
}

void write_placeorder_fields(event::JsonWriter& w, const PlaceOrder& o) {
    w.str("strategy", o.strategy)
        .word("exchange", o.exchange)
        .str("symbol", o.symbol)
        .word("action", o.action)
        .integer("quantity", o.quantity)
        .word("pricetype", o.pricetype)
        .word("product", o.product);
    price(w, "price", o.price);
    price(w, "trigger_price", o.trigger_price);
}

std::string encode_placeorder(std::string_view api_key, const PlaceOrder& o) {
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key);
    write_placeorder_fields(w, o);
    w.finish_line();
    out.pop_back();  // a body, not a line
    return out;
}

std::string encode_modifyorder(std::string_view api_key, const ModifyOrder& m) {
    const auto& o = m.order;
    const money::Paise zero{0};
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key)
        .str("strategy", o.strategy)
        .word("exchange", o.exchange)
        .str("symbol", o.symbol)
        .str("orderid", m.orderid)
        .word("action", o.action)
        .word("product", o.product)
        .word("pricetype", o.pricetype);
    w.raw("price", o.price.value_or(zero).to_string());
    w.integer("quantity", o.quantity).integer("disclosed_quantity", 0);
    w.raw("trigger_price", o.trigger_price.value_or(zero).to_string());
    w.finish_line();
    out.pop_back();  // a body, not a line
    return out;
}

}  // namespace sos::openalgo
