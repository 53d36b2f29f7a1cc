// An approved ORDER as the placeorder requests a live broker sends for it: the exchange and
// the freeze-quantity slices from the one instrument registry, OpenAlgo's pricetype and prices,
// and a client order id per slice (client_order_id.hpp).
//
// A stop entry whose trigger is a level of the traded symbol itself goes out as it is (SL with
// price and trigger_price, SL-M with trigger_price). One whose trigger is a level of another
// instrument (the ATM option of an index signal) is never sent as a stop order: its requests
// are MARKET, to go out when the underlying trades through the trigger (`on` says when);
// spec/trading.md (Orders and fills). A structure (legs) goes to optionsmultiorder
// (structure_plan.hpp); here each of its legs is an order of its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "broker/order_request.hpp"
#include "instrument/registry.hpp"
#include "openalgo/order_requests.hpp"

namespace sos::broker::live {

// Sent only once `underlying` trades through `level` in the direction `side` (a BUY trigger
// at or above, a SELL at or below).
struct UnderlyingTrigger {
    std::string underlying;
    vocab::Side side = vocab::Side::Buy;
    money::Paise level;
};

struct PlannedRequest {
    std::string client_id;
    int slice = 0;
    openalgo::PlaceOrder body;  // strategy: the client id
    std::optional<UnderlyingTrigger> on;
};

struct PlaceOrderPlan {
    std::vector<PlannedRequest> requests;  // empty when refused
    std::string refusal;                   // why not, for an ORDER_UPDATE REJECTED
};

PlaceOrderPlan plan_placeorder(const OrderRequest& order, const instrument::Registry& instruments);

}  // namespace sos::broker::live
