// An order's quantity in whole lots: the exchange refuses any other quantity, so no broker,
// paper or live, may fill one. The lot is known where the instrument registry knows it (its
// configured entries, or the lot_size the stream's option chains carry); where it is not, the
// broker's own rules apply.
#pragma once

#include <optional>
#include <string>

#include "broker/order_request.hpp"
#include "instrument/registry.hpp"

namespace sos::broker {

// Why the order (or one of its legs) is not a whole number of its instrument's lots.
std::optional<std::string> lot_problem(const OrderRequest& r, const instrument::Registry& instruments);

}  // namespace sos::broker
