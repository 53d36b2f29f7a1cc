#include "ratelimit/broker_limiter.hpp"

#include <algorithm>
#include <array>

namespace sos::ratelimit {

namespace {

std::string_view last_segment(std::string_view endpoint) {
    while (!endpoint.empty() && endpoint.back() == '/')
        endpoint.remove_suffix(1);
    const auto slash = endpoint.rfind('/');
    return slash == std::string_view::npos ? endpoint : endpoint.substr(slash + 1);
}

// OpenAlgo's ORDER_RATE_LIMIT routes (restx_api: place, modify, cancel, options, multi-leg).
constexpr std::array<std::string_view, 5> kOrderRoutes = {"placeorder", "modifyorder", "cancelorder",
                                                          "optionsorder", "optionsmultiorder"};
// Requests that put orders on the exchange or change them, whatever limit OpenAlgo files them
// under (splitorder and basketorder are under its API limit but each places orders).
constexpr std::array<std::string_view, 10> kExchangeOrders = {
    "placeorder",      "modifyorder", "cancelorder", "optionsorder",   "optionsmultiorder",
    "placesmartorder", "splitorder",  "basketorder", "cancelallorder", "closeposition"};

std::vector<Window> widened(std::vector<Window> windows, std::chrono::milliseconds margin) {
    for (auto& w : windows)
        w.period += margin;
    return windows;
}

}  // namespace

EndpointClass endpoint_class(std::string_view endpoint) {
    const auto name = last_segment(endpoint);
    if (std::find(kOrderRoutes.begin(), kOrderRoutes.end(), name) != kOrderRoutes.end())
        return EndpointClass::Orders;
    if (name == "placesmartorder") return EndpointClass::SmartOrders;
    return EndpointClass::Api;
}

bool counts_as_exchange_order(std::string_view endpoint) {
    const auto name = last_segment(endpoint);
    return std::find(kExchangeOrders.begin(), kExchangeOrders.end(), name) != kExchangeOrders.end();
}

BrokerLimiter::BrokerLimiter(const BrokerLimits& limits)
    : classes_{WindowedBucket(widened(limits.orders, limits.margin)),
               WindowedBucket(widened(limits.smart_orders, limits.margin)),
               WindowedBucket(widened(limits.api, limits.margin))},
      exchange_(widened(limits.exchange_orders, limits.margin)) {}

TimePoint BrokerLimiter::next_allowed(std::string_view endpoint, TimePoint now) const {
    const auto& bucket = classes_[index(endpoint_class(endpoint))];
    TimePoint at = bucket.next_allowed(now);
    if (counts_as_exchange_order(endpoint)) at = std::max(at, exchange_.next_allowed(now));
    return at;
}

Grant BrokerLimiter::try_acquire(std::string_view endpoint, TimePoint now) {
    auto& bucket = classes_[index(endpoint_class(endpoint))];
    const bool exchange = counts_as_exchange_order(endpoint);
    const TimePoint own = bucket.next_allowed(now);
    const TimePoint cap = exchange ? exchange_.next_allowed(now) : now;
    if (own <= now && cap <= now) {
        bucket.take(now);
        if (exchange) exchange_.take(now);
        return {true, now, Blocker::None};
    }
    Grant g;
    g.retry_at = std::max(own, cap);
    if (own >= cap)
        g.blocker = bucket.held_until() >= own ? Blocker::RetryAfter : Blocker::Window;
    else
        g.blocker = Blocker::ExchangeCap;
    return g;
}

void BrokerLimiter::retry_after(std::string_view endpoint, TimePoint now,
                                std::chrono::milliseconds retry_after) {
    classes_[index(endpoint_class(endpoint))].hold_until(now + retry_after);
}

}  // namespace sos::ratelimit
