// The ORDER_UPDATE REJECTED that sos-exec writes for an ORDER it does not send (not accepted,
// no route, no plan, a full queue): it frees what sos-risk reserved for the order. `at` is the
// time of the line that asked (an ORDER line may carry none).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "event/event.hpp"

namespace sos::broker {

event::Event order_refused(std::string order_id, std::optional<time::Timestamp> at, std::string symbol,
                           std::string_view mode, std::string message);

}  // namespace sos::broker
