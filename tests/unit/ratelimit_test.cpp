// Request limits on an injected clock: OpenAlgo's limit strings, windows that hold at once,
// the exchange's cap across order classes, and a 429's hold.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "ratelimit/broker_limiter.hpp"
#include "ratelimit/window_spec.hpp"
#include "ratelimit/windowed_bucket.hpp"

using namespace sos::ratelimit;
using namespace std::chrono_literals;

namespace {
const TimePoint t0 = TimePoint{} + 1000h;  // any fixed origin: the clock is the test's
}

TEST_CASE("OpenAlgo's limit strings are read as flask-limiter reads them") {
    REQUIRE(parse_windows("10 per second") == std::vector<Window>{{10, 1s}});
    REQUIRE(parse_windows("10 per second;40 per minute") == std::vector<Window>{{10, 1s}, {40, 60s}});
    REQUIRE(parse_windows(" 50/second , 1000 per hour | 5 per 2 Minutes") ==
            std::vector<Window>{{50, 1s}, {1000, 3600s}, {5, 120s}});
    REQUIRE(parse_windows("3 PER DAY") == std::vector<Window>{{3, 24h}});
    REQUIRE(describe(parse_windows("10 per second;40 per minute;5 per 2 minutes")) ==
            "10 per second;40 per minute;5 per 2 minutes");
    REQUIRE(parse_windows(describe({{7, 3s}, {100, 3600s}})) == std::vector<Window>{{7, 3s}, {100, 3600s}});
}

TEST_CASE("a limit string that cannot be read is refused, quoting the part at fault") {
    auto message = [](std::string_view spec) {
        try {
            parse_windows(spec);
        } catch (const LimitSpecError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    REQUIRE_THAT(message(""), Catch::Contains("empty limit"));
    REQUIRE_THAT(message("10 per second;"), Catch::Contains("empty limit"));
    REQUIRE_THAT(message("ten per second"),
                 Catch::Contains("\"ten per second\" does not start with a count"));
    REQUIRE_THAT(message("0 per second"), Catch::Contains("allows nothing"));
    REQUIRE_THAT(message("10 second"), Catch::Contains("no \"per\""));
    REQUIRE_THAT(message("10 per fortnight"), Catch::Contains("\"10 per fortnight\" has no unit"));
    REQUIRE_THAT(message("10 per month"), Catch::Contains("has no unit"));
    REQUIRE_THAT(message("10 per 0 seconds"), Catch::Contains("period of zero"));
    REQUIRE_THAT(message("10 per second;40 per minut"), Catch::Contains("\"40 per minut\""));
    REQUIRE_THAT(message("-5/s"), Catch::Contains("\"-5/s\" does not start with a count"));
    REQUIRE_THAT(message("10/m"), Catch::Contains("has no unit"));  // a minute or a month?
    // Each counted request is remembered while in its window: a slip must not cost gigabytes.
    REQUIRE_THAT(message("4000000000 per day"), Catch::Contains("allows more than 100000"));
    REQUIRE(parse_windows("100000 per day") == std::vector<Window>{{100000, 24h}});
    REQUIRE_THAT(message("10 per 2 days"), Catch::Contains("period longer than a day"));
    REQUIRE_THAT(message("1 per 4000000000 days"), Catch::Contains("period longer than a day"));
}

TEST_CASE("the short units a trader writes: 10/s, 200/min") {
    REQUIRE(parse_windows("10/s") == std::vector<Window>{{10, 1s}});
    REQUIRE(parse_windows("10/sec;200/min; 1000 per hr|5000/d") ==
            std::vector<Window>{{10, 1s}, {200, 60s}, {1000, 3600s}, {5000, 24h}});
    REQUIRE(parse_windows("20 per 2 mins;3/H") == std::vector<Window>{{20, 120s}, {3, 3600s}});
}

TEST_CASE("a window lets its limit through in any span of its period, never more") {
    WindowedBucket b({{3, 1s}});
    REQUIRE(b.try_take(t0));
    REQUIRE(b.try_take(t0 + 100ms));
    REQUIRE(b.try_take(t0 + 200ms));
    REQUIRE_FALSE(b.try_take(t0 + 300ms));
    // The first token comes back exactly one period after it was spent, not before.
    REQUIRE(b.next_allowed(t0 + 300ms) == t0 + 1s);
    REQUIRE_FALSE(b.try_take(t0 + 999ms));
    REQUIRE(b.try_take(t0 + 1s));
    REQUIRE(b.next_allowed(t0 + 1s) == t0 + 1100ms);
}

TEST_CASE("after an idle spell a burst is still held to the limit in every span (unlike a refilled bucket)") {
    WindowedBucket b({{10, 1s}});
    // Take as fast as allowed for three seconds, asking every millisecond.
    std::vector<TimePoint> taken;
    for (auto t = t0; t < t0 + 3s; t += 1ms)
        if (b.try_take(t)) taken.push_back(t);
    REQUIRE(taken.size() == 30);
    // No window of one second anywhere holds more than 10.
    for (std::size_t i = 0; i + 10 < taken.size(); ++i)
        REQUIRE(taken[i + 10] - taken[i] >= 1s);
}

TEST_CASE("several windows hold at once: 10 per second and 40 per minute") {
    WindowedBucket b(parse_windows("10 per second;40 per minute"));
    int granted = 0;
    auto t = t0;
    for (; t < t0 + 60s; t += 10ms)
        granted += b.try_take(t);
    REQUIRE(granted == 40);
    // The 40th went out at 3.9 s (10 each second); the 41st waits until the first is a minute old.
    REQUIRE(b.next_allowed(t0 + 60s - 1ms) == t0 + 60s);
    REQUIRE(b.try_take(t0 + 60s));
}

TEST_CASE("a hold refuses everything until it ends; a shorter hold does not shorten it") {
    WindowedBucket b({{100, 1s}});
    b.hold_until(t0 + 5s);
    b.hold_until(t0 + 2s);
    REQUIRE(b.held_until() == t0 + 5s);
    REQUIRE_FALSE(b.try_take(t0 + 4999ms));
    REQUIRE(b.next_allowed(t0) == t0 + 5s);
    REQUIRE(b.try_take(t0 + 5s));
}

TEST_CASE("OpenAlgo's endpoints fall in its three limit classes") {
    REQUIRE(endpoint_class("placeorder") == EndpointClass::Orders);
    REQUIRE(endpoint_class("/api/v1/optionsmultiorder") == EndpointClass::Orders);
    REQUIRE(endpoint_class("/api/v1/cancelorder/") == EndpointClass::Orders);
    REQUIRE(endpoint_class("placesmartorder") == EndpointClass::SmartOrders);
    REQUIRE(endpoint_class("/api/v1/history") == EndpointClass::Api);
    REQUIRE(endpoint_class("splitorder") == EndpointClass::Api);  // as OpenAlgo's route declares it
    REQUIRE(endpoint_class("somethingnew") == EndpointClass::Api);
    REQUIRE(counts_as_exchange_order("splitorder"));
    REQUIRE(counts_as_exchange_order("/api/v1/placesmartorder"));
    REQUIRE_FALSE(counts_as_exchange_order("orderbook"));
}

TEST_CASE("the defaults: 10 orders and 50 other requests a second (and 100 ms), classes independent") {
    BrokerLimiter lim;
    int orders = 0, quotes = 0;
    for (int i = 0; i < 100; ++i) {
        orders += lim.try_acquire("placeorder", t0).granted;
        quotes += lim.try_acquire("/api/v1/quotes", t0).granted;
    }
    REQUIRE(orders == 10);
    REQUIRE(quotes == 50);
    const auto g = lim.try_acquire("modifyorder", t0 + 500ms);
    REQUIRE_FALSE(g.granted);
    REQUIRE(g.blocker == Blocker::Window);
    REQUIRE(g.retry_at == t0 + 1s + 100ms);
    REQUIRE(lim.try_acquire("modifyorder", t0 + 1s + 100ms).granted);
}

TEST_CASE("the exchange's cap counts every order request of the account, across classes") {
    BrokerLimits limits;
    limits.orders = parse_windows("10 per second");
    limits.smart_orders = parse_windows("10 per second");
    limits.api = parse_windows("50 per second");
    limits.exchange_orders = parse_windows("10 per second");
    BrokerLimiter lim(limits);
    for (int i = 0; i < 6; ++i)
        REQUIRE(lim.try_acquire("placeorder", t0).granted);
    for (int i = 0; i < 4; ++i)
        REQUIRE(lim.try_acquire("placesmartorder", t0).granted);
    // Each class has room left, the account has none.
    auto g = lim.try_acquire("placesmartorder", t0 + 1ms);
    REQUIRE_FALSE(g.granted);
    REQUIRE(g.blocker == Blocker::ExchangeCap);
    REQUIRE(g.retry_at == t0 + 1s + 100ms);
    g = lim.try_acquire("splitorder", t0 + 1ms);  // under OpenAlgo's API limit, still an order
    REQUIRE(g.blocker == Blocker::ExchangeCap);
    // A refusal spends nothing: market data goes on.
    REQUIRE(lim.try_acquire("quotes", t0 + 1ms).granted);
    REQUIRE(lim.try_acquire("placeorder", t0 + 1s + 100ms).granted);
}

TEST_CASE("a 429 holds its class for retry_after; the other classes go on") {
    BrokerLimiter lim;
    REQUIRE(lim.try_acquire("placeorder", t0).granted);
    lim.retry_after("placeorder", t0 + 10ms, 60s);
    REQUIRE(lim.held_until(EndpointClass::Orders) == t0 + 60s + 10ms);
    const auto g = lim.try_acquire("cancelorder", t0 + 30s);
    REQUIRE_FALSE(g.granted);
    REQUIRE(g.blocker == Blocker::RetryAfter);
    REQUIRE(g.retry_at == t0 + 60s + 10ms);
    REQUIRE(lim.next_allowed("optionsorder", t0 + 30s) == t0 + 60s + 10ms);
    REQUIRE(lim.try_acquire("orderbook", t0 + 30s).granted);
    REQUIRE(lim.try_acquire("placesmartorder", t0 + 30s).granted);
    REQUIRE(lim.try_acquire("placeorder", t0 + 60s + 10ms).granted);
}

TEST_CASE("no exchange cap and no windows: nothing is limited but a hold") {
    BrokerLimits limits;
    limits.orders = {};
    limits.exchange_orders = {};
    BrokerLimiter lim(limits);
    for (int i = 0; i < 1000; ++i)
        REQUIRE(lim.try_acquire("placeorder", t0).granted);
    lim.retry_after("placeorder", t0, 2s);
    REQUIRE_FALSE(lim.try_acquire("placeorder", t0 + 1s).granted);
}

namespace {

// OpenAlgo's moving window as the server applies it, on arrival times: the most requests any
// span of `period` ending at an arrival holds.
std::size_t most_in_a_span(std::vector<TimePoint> arrivals, std::chrono::milliseconds period) {
    std::sort(arrivals.begin(), arrivals.end());
    std::size_t most = 0;
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
        std::size_t n = 0;
        for (std::size_t j = 0; j <= i; ++j)
            n += arrivals[j] > arrivals[i] - period;
        most = std::max(most, n);
    }
    return most;
}

// A burst of 40 placeorders asked every millisecond for 5 s: the first ten go at once, each on a
// new connection the server takes one after another (2 ms and 1 ms more each), the rest on a
// kept-alive connection (0.5 ms). The arrivals' count in OpenAlgo's window of 1 s.
std::size_t burst_at_the_server(const BrokerLimits& limits) {
    BrokerLimiter lim(limits);
    std::vector<TimePoint> arrivals;
    for (auto now = t0; now < t0 + 5s && arrivals.size() < 40; now += 1ms) {
        while (arrivals.size() < 40 && lim.try_acquire("placeorder", now).granted) {
            const auto i = static_cast<int>(arrivals.size());
            arrivals.push_back(now + (i < 10 ? 2ms + i * 1ms : 500us));
        }
    }
    REQUIRE(arrivals.size() == 40);
    return most_in_a_span(arrivals, 1s);
}

}  // namespace

TEST_CASE("a burst whose first requests arrive late stays within OpenAlgo's moving window") {
    CHECK(burst_at_the_server(BrokerLimits{}) <= 10);
    // Without the margin, the eleventh, granted 1 s after the first, arrives within 1 s of it.
    BrokerLimits exact;
    exact.margin = 0ms;
    CHECK(burst_at_the_server(exact) > 10);
}
