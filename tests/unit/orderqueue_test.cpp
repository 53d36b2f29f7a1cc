// The executor's bounded order queue and its pacer: entries refused whole when full with a
// reason, exits and cancels never refused and served first, a 429 holding a request until its
// retry_after without losing it, on BrokerLimiter's budgets and an injected clock.
#include "orderqueue/order_queue.hpp"
#include "orderqueue/pacer.hpp"
#include "orderqueue/queue_words.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace sos::orderqueue;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using sos::ratelimit::BrokerLimiter;
using sos::ratelimit::BrokerLimits;
using sos::ratelimit::TimePoint;

namespace {

const TimePoint t0 = TimePoint{} + 1000h;

struct Req {
    int n = 0;  // which request, to check what comes out and in what order
};
using Item = Queued<Req>;

Item entry(const std::string& id, int n, const std::string& endpoint = "placeorder") {
    return Item{id, RequestKind::Entry, endpoint, Req{n}, 0};
}
Item protective(const std::string& id, RequestKind kind, int n, const std::string& endpoint) {
    return Item{id, kind, endpoint, Req{n}, 0};
}
std::vector<Item> entries(const std::string& id, int first, int count) {
    std::vector<Item> v;
    for (int i = 0; i < count; ++i)
        v.push_back(entry(id, first + i));
    return v;
}

// Every request the pacer lets go at `now`, in order.
std::vector<int> drain(Pacer<Req>& p, TimePoint now) {
    std::vector<int> out;
    while (auto item = p.next(now))
        out.push_back(item->request.n);
    return out;
}

}  // namespace

TEST_CASE("an entry that does not fit is refused whole, with a reason; nothing is dropped") {
    OrderQueue<Req> q(3);
    auto two = entries("o1", 1, 2);
    REQUIRE(q.offer_entry(two));
    CHECK(two.empty());  // taken
    auto another_two = entries("o2", 3, 2);
    CHECK_FALSE(q.offer_entry(another_two));  // 2 + 2 > 3: none of it
    CHECK(another_two.size() == 2);           // handed back untouched
    CHECK(q.entries() == 2);
    auto one = entries("o3", 5, 1);
    CHECK(q.offer_entry(one));
    CHECK(q.entries() == 3);
}

TEST_CASE("exits, modifications and cancels are never refused and go before entries") {
    OrderQueue<Req> q(1);
    auto e = entries("o1", 1, 1);
    REQUIRE(q.offer_entry(e));
    for (int i = 0; i < 100; ++i)  // far over the entries' capacity
        q.push_protective(
            protective("o1", i % 2 ? RequestKind::Cancel : RequestKind::Exit, 10 + i, "cancelorder"));
    q.push_protective(protective("o1", RequestKind::Modify, 200, "modifyorder"));
    CHECK(q.protective() == 101);
    std::vector<int> order;
    while (!q.empty())
        order.push_back(q.pop_front().request.n);
    REQUIRE(order.size() == 102);
    CHECK(order.front() == 10);
    CHECK(order[100] == 200);
    CHECK(order.back() == 1);  // the entry last
    CHECK(refusable(RequestKind::Entry));
    CHECK_FALSE(refusable(RequestKind::Exit));
    CHECK_FALSE(refusable(RequestKind::Modify));
    CHECK_FALSE(refusable(RequestKind::Cancel));
    CHECK(kind_name(RequestKind::Modify) == "modify");
}

TEST_CASE("an ORDER withdrawn before it left takes every request of it out") {
    OrderQueue<Req> q(10);
    auto a = entries("a", 1, 3);
    auto b = entries("b", 4, 2);
    REQUIRE(q.offer_entry(a));
    REQUIRE(q.offer_entry(b));
    q.push_protective(protective("a", RequestKind::Cancel, 9, "cancelorder"));
    const auto out = q.withdraw("a");
    REQUIRE(out.size() == 4);
    CHECK(out[0].request.n == 9);
    CHECK(out[1].request.n == 1);
    CHECK(out[3].request.n == 3);
    CHECK(q.entries() == 2);
    CHECK(q.front()->order_id == "b");
    CHECK(q.withdraw("none").empty());
}

TEST_CASE("the pacer sends at the broker's rate and says when the next may go") {
    BrokerLimiter limiter;  // OpenAlgo's defaults: orders 10/s, NSE's 10 orders/s
    Pacer<Req> p(50, limiter);
    CHECK_FALSE(p.wake_at(t0));
    REQUIRE_FALSE(p.offer_entry(entries("o1", 0, 25), t0));
    CHECK(drain(p, t0).size() == 10);  // one second's budget
    CHECK(p.queue().entries() == 15);
    // The sliding window frees the first token a second on, and the limiter's margin (100 ms)
    CHECK(*p.wake_at(t0) == t0 + 1100ms);
    CHECK(drain(p, t0 + 1099ms).empty());
    const auto next = drain(p, t0 + 1100ms);
    REQUIRE(next.size() == 10);
    CHECK(next.front() == 10);  // in order
    CHECK(drain(p, t0 + 2200ms).size() == 5);
    CHECK(p.queue().empty());
    CHECK_FALSE(p.wake_at(t0 + 2200ms));
}

TEST_CASE("when full, a new entry is refused with QUEUE_FULL and why it is not draining") {
    BrokerLimiter limiter;
    Pacer<Req> p(12, limiter);
    REQUIRE(p.offer_entry(entries("o1", 0, 22), t0));  // 22 > 12: refused, nothing queued
    CHECK(p.queue().empty());
    REQUIRE_FALSE(p.offer_entry(entries("o1", 0, 12), t0));
    CHECK(drain(p, t0).size() == 10);
    REQUIRE_FALSE(p.offer_entry(entries("o2", 20, 10), t0));  // 2 + 10 = 12 fit
    const auto refused = p.offer_entry(entries("o3", 40, 1), t0);
    REQUIRE(refused);
    CHECK(refused->ref == "o3");
    CHECK(refused->reason == "QUEUE_FULL");
    CHECK(refused->detail ==
          "the order queue is full: 12 entry requests wait (at most 12) and this ORDER needs 1; they leave "
          "at the "
          "broker's rate limit (the next in 1.1 s); not sent");
    // Exits still get in.
    p.offer_protective(protective("o1", RequestKind::Exit, 99, "placeorder"));
    CHECK(p.queue().protective() == 1);
    CHECK(drain(p, t0 + 1100ms).front() == 99);

    const auto too_big = p.offer_entry(entries("o4", 50, 13), t0 + 1100ms);
    REQUIRE(too_big);
    CHECK(too_big->detail == "this ORDER needs 13 requests, more than the order queue holds (12); not sent");
}

TEST_CASE("a 429 holds the request until retry_after, at the head of its lane, and it goes again") {
    BrokerLimiter limiter;
    Pacer<Req> p(50, limiter);
    REQUIRE_FALSE(p.offer_entry(entries("o1", 1, 3), t0));
    auto first = p.next(t0);
    REQUIRE(first);
    CHECK(first->request.n == 1);
    // The answer: 429, retry_after 5 s.
    const TimePoint until = p.rate_limited(std::move(*first), t0 + 50ms, 5000ms);
    CHECK(until == t0 + 50ms + 5s);
    CHECK(*p.wake_at(t0 + 50ms) == until);
    CHECK(drain(p, t0 + 4s).empty());  // held: nothing of the class goes
    const auto refused = p.offer_entry(entries("o9", 9, 48), t0 + 4050ms);
    REQUIRE(refused);  // 3 + 48 > 50
    CHECK_THAT(refused->detail, Contains("the broker answered 429 and holds these requests for 1.0 s more"));
    // Other classes go on: the limiter holds only the orders class.
    CHECK(limiter.try_acquire("orderbook", t0 + 4s).granted);
    auto again = p.next(until);
    REQUIRE(again);
    CHECK(again->request.n == 1);  // the same request, first, nothing lost
    CHECK(again->rate_limited == 1);
    CHECK(drain(p, until) == std::vector<int>{2, 3});
}

TEST_CASE("a 429 without retry_after holds for the default; a protective request keeps its place") {
    BrokerLimiter limiter;
    Pacer<Req> p(50, limiter);
    REQUIRE_FALSE(p.offer_entry(entries("o1", 1, 1), t0));
    p.offer_protective(protective("o0", RequestKind::Cancel, 7, "cancelorder"));
    p.offer_protective(protective("o0", RequestKind::Cancel, 8, "cancelorder"));
    auto cancel = p.next(t0);
    REQUIRE(cancel->request.n == 7);
    const TimePoint until = p.rate_limited(std::move(*cancel), t0, std::nullopt);
    CHECK(until == t0 + kDefaultRetryAfter);
    CHECK(drain(p, until) == std::vector<int>{7, 8, 1});
}

TEST_CASE("while an exit waits, no entry goes, even one of another class") {
    BrokerLimits limits;
    limits.exchange_orders.clear();  // the class alone decides here
    BrokerLimiter limiter(limits);
    Pacer<Req> p(50, limiter);
    p.offer_protective(protective("o0", RequestKind::Exit, 1, "placeorder"));
    auto exit = p.next(t0);
    REQUIRE(exit);
    p.rate_limited(std::move(*exit), t0, 2000ms);
    std::vector<Item> smart;
    smart.push_back(entry("o2", 2, "placesmartorder"));  // another class, not held
    REQUIRE_FALSE(p.offer_entry(std::move(smart), t0));
    CHECK(drain(p, t0 + 1s).empty());
    CHECK(drain(p, t0 + 2s) == std::vector<int>{1, 2});
}

TEST_CASE("a storm of 429s loses nothing: every request goes once the storm ends") {
    BrokerLimiter limiter;
    Pacer<Req> p(100, limiter);
    REQUIRE_FALSE(p.offer_entry(entries("o", 0, 30), t0));
    std::vector<int> sent;
    TimePoint now = t0;
    int answers = 0;
    while (!p.queue().empty()) {
        auto item = p.next(now);
        if (!item) {
            now = *p.wake_at(now);
            continue;
        }
        // The first 20 answers are 429s (a storm), then everything is accepted.
        if (answers++ < 20) {
            p.rate_limited(std::move(*item), now, 300ms);
        } else {
            sent.push_back(item->request.n);
        }
    }
    REQUIRE(sent.size() == 30);
    for (int i = 0; i < 30; ++i)
        CHECK(sent[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("the refusal's words for each reason the queue is not draining") {
    using sos::ratelimit::Blocker;
    CHECK_THAT(queue_full_detail(5, 5, 1, {Blocker::ExchangeCap, 300ms}),
               Contains("the exchange's cap on orders a second (the next in 0.3 s)"));
    CHECK_THAT(queue_full_detail(5, 5, 1, {Blocker::None, 0ms}), Contains("they are being sent"));
}
