// The JSON bodies of OpenAlgo's order endpoints (shared/reference/openalgo.md §1.2, §1.3): only
// the documented fields, since OpenAlgo refuses an unknown one with 400. A price is written
// exactly as its paise say ("2507.05"), never through a double.
//
// placeorder (OrderSchema): apikey, strategy, exchange, symbol, action, quantity, pricetype,
// product, price, trigger_price (disclosed_quantity and underlying_ltp are never sent: their
// defaults are what sos wants). MARKET carries neither price; LIMIT `price`; SL `price` and
// `trigger_price`; SL-M `trigger_price`.
//
// The fields without the key are written by write_placeorder_fields, for records that must
// never hold it (the state file); the body that goes on the wire, or to a dry run's line with
// the key masked, by encode_placeorder.
//
// modifyorder (ModifyOrderSchema) requires every one of its fields: apikey, strategy, exchange,
// symbol, orderid, action, product, pricetype, price, quantity, disclosed_quantity,
// trigger_price, with 0 for the prices a pricetype does not use (reference §1.3). sos modifies
// its own working orders only: the exchange stop's quantity (a partial fill) and trigger (a
// trailing stop), or its pricetype to MARKET (the stop used as the exit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event/json_writer.hpp"
#include "money/paise.hpp"
#include "vocab/exchange.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/side.hpp"

namespace sos::openalgo {

inline constexpr std::string_view kPlaceOrderPath = "/api/v1/placeorder";

struct PlaceOrder {
    std::string strategy;  // sos sends the client order id here (broker/live/client_order_id.hpp)
    vocab::Exchange exchange = vocab::Exchange::Nse;
    std::string symbol;  // OpenAlgo form
    vocab::Side action = vocab::Side::Buy;
    std::int64_t quantity = 0;  // units
    vocab::OrderType pricetype = vocab::OrderType::Market;
    vocab::Product product = vocab::Product::Mis;
    std::optional<money::Paise> price;          // LIMIT, SL
    std::optional<money::Paise> trigger_price;  // SL, SL-M

    bool operator==(const PlaceOrder&) const = default;
};

// Why `o` cannot be sent as it is (a quantity not above zero, a price its type needs missing,
// one it must not carry present, a negative price), or nothing.
std::optional<std::string> placeorder_problem(const PlaceOrder& o);

// Every field but the key, in OpenAlgo's order, into an object `w` has open.
void write_placeorder_fields(event::JsonWriter& w, const PlaceOrder& o);

// The whole body: "apikey" first, then the fields. A dry run passes Secret::masked().
std::string encode_placeorder(std::string_view api_key, const PlaceOrder& o);

inline constexpr std::string_view kModifyOrderPath = "/api/v1/modifyorder";

// What a modifyorder says the order becomes: `order` with its new quantity, pricetype and prices
// (the placeorder fields: strategy, exchange, symbol, action and product as placed), and the
// broker's order id.
struct ModifyOrder {
    PlaceOrder order;
    std::string orderid;

    bool operator==(const ModifyOrder&) const = default;
};

// Every field, "apikey" first; an unused price is 0. placeorder_problem(m.order) must be none.
std::string encode_modifyorder(std::string_view api_key, const ModifyOrder& m);

}  // namespace sos::openalgo
