// One request of a live order as the live broker tracks it: the placeorder body sent (one freeze
// slice of an ORDER), where it stands, the broker's order id once known, and its expiry.
#pragma once

#include <optional>
#include <string>

#include "broker/live/order_state.hpp"
#include "openalgo/order_requests.hpp"
#include "ratelimit/windowed_bucket.hpp"
#include "time/timestamp.hpp"

namespace sos::broker::live {

struct LiveOrder {
    std::string client_id;
    std::string order_id;    // the ORDER's id (FILL and ORDER_UPDATE carry it)
    std::string underlying;  // whose candles count towards the expiry (besides the symbol)
    int slice = 0;
    openalgo::PlaceOrder body;  // without the key
    Progress progress;
    std::string broker_order_id;
    std::optional<time::Timestamp> expires;  // working past this: cancelled, keeping the fills
    bool cancel_sent = false;
    bool unknown_alerted = false;
    ratelimit::TimePoint send_after{};  // not sent (connection refused): tried again from then
    bool in_flight = false;             // a placement or cancellation awaits its answer
};

}  // namespace sos::broker::live
