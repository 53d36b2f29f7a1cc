// The request budget of one broker instance (one OpenAlgo server, one trading account), per
// endpoint class, as OpenAlgo's routes declare their limits (shared/reference/openalgo.md §0.8):
//   Orders       placeorder, modifyorder, cancelorder, optionsorder, optionsmultiorder (10/s)
//   SmartOrders  placesmartorder (10/s)
//   Api          everything else: quotes, history, books, splitorder, basketorder... (50/s)
// plus the exchange's cap on a retail algorithm's orders (NSE: 10 orders a second), which every
// order-placing or -changing request of the account draws on, whichever class it is in.
//
// A 429 holds the class it came from until its retry_after has passed; other classes go on.
// OpenAlgo counts per endpoint; counting per class is stricter, so a client within these
// budgets is within the server's.
//
// The server counts a request when it arrives, this limiter when it grants it, and arrivals do
// not keep the grants' spacing: the first requests of a burst open new connections and reach
// the server later than one on a kept-alive connection a second later. Granted exactly 1 s
// after the first, the eleventh arrived less than 1 s after it, and OpenAlgo's moving window
// answered 429, holding the class for its retry_after (60 s): bench/run orders showed three in a
// burst of 200. Every window is therefore `margin` longer than the server's.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ratelimit/window_spec.hpp"
#include "ratelimit/windowed_bucket.hpp"

namespace sos::ratelimit {

enum class EndpointClass : std::uint8_t { Orders, SmartOrders, Api };
inline constexpr std::size_t kEndpointClasses = 3;

// The class of an OpenAlgo endpoint, by the last part of its path ("placeorder",
// "/api/v1/placeorder"). Unknown names are Api, as OpenAlgo's default limit covers them.
EndpointClass endpoint_class(std::string_view endpoint);
// Whether the endpoint places, changes or cancels orders (what the exchange's cap counts).
bool counts_as_exchange_order(std::string_view endpoint);

struct BrokerLimits {
    std::vector<Window> orders = {{10, std::chrono::seconds(1)}};
    std::vector<Window> smart_orders = {{10, std::chrono::seconds(1)}};
    std::vector<Window> api = {{50, std::chrono::seconds(1)}};
    // NSE's threshold for retail algorithms; empty for none.
    std::vector<Window> exchange_orders = {{10, std::chrono::seconds(1)}};
    // Added to every window's period: room for a request that reaches the server later than
    // one granted after it (10 a second is then 10 in any 1.1 s).
    std::chrono::milliseconds margin{100};
};

// What a request must wait for.
enum class Blocker : std::uint8_t { None, Window, RetryAfter, ExchangeCap };

struct Grant {
    bool granted = false;
    TimePoint retry_at{};  // when not granted: the earliest time worth asking again
    Blocker blocker = Blocker::None;
};

class BrokerLimiter {
public:
    explicit BrokerLimiter(const BrokerLimits& limits = {});

    // Takes a token for `endpoint` at `now` if its class (and, for order endpoints, the
    // exchange cap) allow; otherwise says until when and why. Nothing is taken on refusal.
    Grant try_acquire(std::string_view endpoint, TimePoint now);
    // The earliest time try_acquire(endpoint) can succeed.
    TimePoint next_allowed(std::string_view endpoint, TimePoint now) const;
    // A 429 answered a request of this endpoint's class: hold the class until now + retry_after
    // (the caller parsed it from the body; OpenAlgo sends no Retry-After header).
    void retry_after(std::string_view endpoint, TimePoint now, std::chrono::milliseconds retry_after);
    TimePoint held_until(EndpointClass c) const { return classes_[index(c)].held_until(); }

private:
    static std::size_t index(EndpointClass c) { return static_cast<std::size_t>(c); }

    WindowedBucket classes_[kEndpointClasses];
    WindowedBucket exchange_;
};

}  // namespace sos::ratelimit
