// An ORDER line as the broker wants it: the traded instrument, the underlying whose candles
// drive it, and the direction on that underlying.
#pragma once

#include <optional>
#include <string>

#include "broker/order_request.hpp"
#include "event/event.hpp"

namespace sos::broker {

// Nothing when the ORDER cannot be executed; `why` says what is missing.
std::optional<OrderRequest> to_request(const event::Event& order, std::string& why);

}  // namespace sos::broker
