// An entry's "limits" in the brokers file: the request budgets sos keeps to for that OpenAlgo
// instance, when its .env sets limits other than OpenAlgo's defaults, or the broker behind it
// allows fewer (docs/live.md, "Budgets per broker"):
//
//   "limits": {"orders": ["5/s", "100/min"], "api": "50 per second;1000 per minute"}
//
// One key per endpoint class (ratelimit::BrokerLimits):
//   orders           ORDER_RATE_LIMIT: placeorder, modifyorder, cancelorder, optionsorder,
//                    optionsmultiorder (OpenAlgo's default 10/s)
//   smart_orders     SMART_ORDER_RATE_LIMIT: placesmartorder (10/s)
//   api              API_RATE_LIMIT: everything else, the books, quotes, history (50/s)
//   exchange_orders  NSE's cap on a retail algorithm's orders, drawn on by every request that
//                    places, changes or cancels an order, whatever its class (10/s)
// Each is a limit string as OpenAlgo's .env writes it (pasted as it is), or a list of them; every
// window holds at once. A class left out keeps its default.
//
// exchange_orders may be lowered freely; above 10 in a second it is refused unless
// "registered_algo": true says the algorithm is registered with the exchange through the broker
// (SEBI's framework for retail algorithms: above the exchange's threshold of orders a second an
// algorithm must be registered). Everything else wrong is a config::ConfigError naming the field.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ratelimit/broker_limiter.hpp"

namespace sos::brokers {

// NSE's threshold of orders a second for an unregistered retail algorithm.
inline constexpr std::uint32_t kRetailOrdersPerSecond = 10;

// `value` is the entry's "limits"; `where` names it in messages ("brokers.kotak.limits").
ratelimit::BrokerLimits read_limits(const nlohmann::json& value, const std::string& where);

// The most requests `windows` let through in any one second (all of them when none limits).
std::uint64_t most_in_a_second(const std::vector<ratelimit::Window>& windows);

}  // namespace sos::brokers
