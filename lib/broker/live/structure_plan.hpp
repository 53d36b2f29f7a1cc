// An approved structure ORDER (legs) as the optionsmultiorder requests a live broker sends for
// it (openalgo/multi_order.hpp; docs/decisions.md "Structures live").
//
// - One request per freeze slice: each leg is split at its freeze quantity by the one
//   instrument registry, and request k carries every leg's k-th slice.
// - In each request the BUY legs come before the SELL legs (hedges first, as OpenAlgo also
//   places them), each keeping its number in the ORDER.
// - Each leg of each slice is an order of its own, tracked like any other (state machine,
//   state file): its client id is derived from the ORDER's id, the leg's number and the slice
//   (client_order_id of "ID/legN", slice), and its placeorder fields are those of the option
//   sos-risk resolved, which the books match. The request's `strategy` is the ORDER's slice id.
// - A leg's expiry_date is the expiry_offset-th date OpenAlgo's /expiry lists for the
//   underlying (never a weekday rule), and must be the expiry of the option sos-risk priced:
//   otherwise the structure would not be the one approved, and it is refused. A dry run asks
//   the instance nothing, so there the leg's expiry is its symbol's.
// - Legs go at MARKET, MIS or NRML (OpenAlgo's options endpoints), named by offset: a leg
//   without one cannot be sent this way and the ORDER is refused.
#pragma once

#include <string>
#include <vector>

#include "broker/live/place_plan.hpp"
#include "broker/order_request.hpp"
#include "instrument/registry.hpp"
#include "openalgo/multi_order.hpp"
#include "time/civil.hpp"

namespace sos::broker::live {

struct StructureRequest {
    int slice = 0;
    openalgo::OptionsMultiOrder body;  // strategy: the slice's client id
    std::vector<PlannedRequest> legs;  // legs[i]: body.legs[i] as its own order
    std::vector<int> leg_numbers;      // legs[i]'s number in the ORDER (0-based)
};

struct StructurePlan {
    std::vector<StructureRequest> requests;  // empty when refused
    std::string refusal;
};

// `listed`: the underlying's expiries as /expiry gives them, ascending; null in a dry run.
StructurePlan plan_structure(const OrderRequest& order, const instrument::Registry& instruments,
                             const std::vector<time::Date>* listed);

// Every leg of every slice as its own order, in the requests' order: plan_placeorder's answer
// for a structure (the intents a held ORDER's withdrawal records).
PlaceOrderPlan structure_orders(const OrderRequest& order, const instrument::Registry& instruments);

// The id of leg `leg` (0-based, the ORDER's numbering) of slice `slice`.
std::string leg_client_id(std::string_view order_id, int leg, int slice);

}  // namespace sos::broker::live
