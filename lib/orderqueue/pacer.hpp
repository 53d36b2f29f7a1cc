// Sends an executor's requests to one broker instance within its budgets (lib/ratelimit's
// BrokerLimiter, shared with everything else the executor asks of that instance), from the
// bounded OrderQueue, and takes a request that met a 429 back without losing it.
//
//   Pacer<Req> pacer(capacity, limiter);
//   if (auto refusal = pacer.offer_entry(std::move(slices), now)) write REJECT(*refusal);
//   pacer.offer_protective(cancel);                 // never refused
//   while (auto item = pacer.next(now)) send(*item); // a token is taken for each
//   tick at pacer.wake_at(now)                       // when the head may go (none: queue empty)
//   on a 429 for `item`: pacer.rate_limited(std::move(item), now, retry_after);
//
// A 429 (OpenAlgo's limiter, or the broker's passed through) means the request was refused
// before it was acted on, so it is safe to send again; it goes back to the head of its lane and
// the whole endpoint class waits until retry_after (BrokerLimiter::retry_after). A timeout or a
// cut answer is not a 429: that request may have arrived and is never handed back here (it is
// UNKNOWN until the order book settles it).
//
// Strict order: while a protective request waits (for its class's budget or a 429's hold),
// no entry is sent, even one of another class: entries must not spend the exchange's cap that
// exits need. One thread, like OrderQueue.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "orderqueue/order_queue.hpp"
#include "orderqueue/queue_words.hpp"
#include "ratelimit/broker_limiter.hpp"

namespace sos::orderqueue {

// The hold when a 429's body carries no retry_after (OpenAlgo's always does).
inline constexpr std::chrono::milliseconds kDefaultRetryAfter{1000};

template <class Request>
class Pacer {
public:
    using Item = Queued<Request>;
    using TimePoint = ratelimit::TimePoint;

    Pacer(std::size_t entry_capacity, ratelimit::BrokerLimiter& limiter)
        : queue_(entry_capacity), limiter_(limiter) {}

    // Queues one ORDER's entry requests, all or none; a refusal says why.
    std::optional<Refusal> offer_entry(std::vector<Item> items, TimePoint now) {
        if (items.empty()) return std::nullopt;
        const std::size_t needed = items.size();
        std::string ref = items.front().order_id;
        if (queue_.offer_entry(items)) return std::nullopt;
        return Refusal{std::move(ref), kQueueFull,
                       queue_full_detail(queue_.entries(), queue_.entry_capacity(), needed, draining(now))};
    }
    void offer_protective(Item item) { queue_.push_protective(std::move(item)); }

    // The next request that may be sent now, its token taken; none when the queue is empty or
    // its head must wait.
    std::optional<Item> next(TimePoint now) {
        const Item* head = queue_.front();
        if (head == nullptr || !limiter_.try_acquire(head->endpoint, now).granted) return std::nullopt;
        return queue_.pop_front();
    }
    // When next() may give something: the head's next allowed time; none when empty.
    std::optional<TimePoint> wake_at(TimePoint now) const {
        const Item* head = queue_.front();
        if (head == nullptr) return std::nullopt;
        return limiter_.next_allowed(head->endpoint, now);
    }

    // `item`, taken by next(), was answered 429: its class waits until `retry_after` from now
    // (kDefaultRetryAfter when the answer had none) and it goes back to the head of its lane.
    // Returns when it may go again.
    TimePoint rate_limited(Item item, TimePoint now, std::optional<std::chrono::milliseconds> retry_after) {
        const auto hold = retry_after.value_or(kDefaultRetryAfter);
        limiter_.retry_after(item.endpoint, now, hold);
        ++item.rate_limited;
        const TimePoint until = limiter_.next_allowed(item.endpoint, now);
        queue_.push_back_to_front(std::move(item));
        return until;
    }

    // `item`, taken by next(), did not leave after all and no 429 said so (the HTTP client's
    // queue was full, or the connection was refused before anything was sent): back at the head
    // of its lane, with no hold on its class. Its token stays spent (the count stays honest).
    void put_back(Item item) { queue_.push_back_to_front(std::move(item)); }

    std::vector<Item> withdraw(const std::string& order_id) { return queue_.withdraw(order_id); }
    const OrderQueue<Request>& queue() const { return queue_; }

private:
    Draining draining(TimePoint now) const {
        const Item* head = queue_.front();
        if (head == nullptr) return {};
        const TimePoint at = limiter_.next_allowed(head->endpoint, now);
        if (at <= now) return {};
        Draining d;
        d.wait = std::chrono::ceil<std::chrono::milliseconds>(at - now);
        const auto held = limiter_.held_until(ratelimit::endpoint_class(head->endpoint));
        d.blocker = held >= at ? ratelimit::Blocker::RetryAfter : ratelimit::Blocker::Window;
        return d;
    }

    OrderQueue<Request> queue_;
    ratelimit::BrokerLimiter& limiter_;
};

}  // namespace sos::orderqueue
