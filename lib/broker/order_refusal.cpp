#include "broker/order_refusal.hpp"

namespace sos::broker {

event::Event order_refused(std::string order_id, std::optional<time::Timestamp> at, std::string symbol,
                           std::string_view mode, std::string message) {
    event::Event u;
    u.env.kind = event::Kind::OrderUpdate;
    u.env.timestamp = at;
    u.env.symbol = std::move(symbol);
    u.env.src = "sos-exec";
    u.env.mode = std::string(mode);
    auto& b = u.body.emplace<event::OrderUpdate>();
    b.id = std::move(order_id);
    b.status = vocab::OrderStatus::Rejected;
    b.message = std::move(message);
    return u;
}

}  // namespace sos::broker
