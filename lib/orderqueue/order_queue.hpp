// The executor's queue of requests not yet sent, in two lanes:
// - protective (exits, modifications, cancels): never refused, always served first, so a kill
//   switch's cancels never wait behind new entries;
// - entries: at most `entry_capacity` requests wait; an ORDER whose requests (its freeze
//   slices, or one multi-leg request) do not all fit is refused whole, with a reason the
//   executor writes as a REJECT (stage exec, reason QUEUE_FULL). Nothing is dropped silently:
//   every request offered is either queued or refused to the caller's face.
// Each lane is first in, first out.
//
// Not thread-safe, on purpose: the executor decides and sends on one thread (its Filter's);
// the network thread only hands answers back (lib/net). The protective lane is unbounded: it
// holds at most the requests that manage orders and positions already there, which entries
// (bounded) made.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "orderqueue/request_kind.hpp"

namespace sos::orderqueue {

template <class Request>
struct Queued {
    std::string order_id;  // the ORDER's id (a slice or leg shares it)
    RequestKind kind = RequestKind::Entry;
    std::string endpoint;  // OpenAlgo's endpoint ("placeorder"): its rate-limit class
    Request request;       // what the executor will send
    int rate_limited = 0;  // how many 429s it has met (it is sent again, never dropped)
};

// An entry the queue would not take: write it as a REJECT (stage exec, ref = the ORDER's id).
struct Refusal {
    std::string ref;
    std::string reason;  // kQueueFull
    std::string detail;  // for a person: how full, and why it is not draining
};

inline constexpr const char* kQueueFull = "QUEUE_FULL";

template <class Request>
class OrderQueue {
public:
    using Item = Queued<Request>;

    explicit OrderQueue(std::size_t entry_capacity) : capacity_(entry_capacity) {}

    // Queues every request of one ORDER's entry, or none: true when queued. All `items` must be
    // entries of the same ORDER.
    bool offer_entry(std::vector<Item>& items) {
        if (items.empty() || entries_.size() + items.size() > capacity_) return false;
        for (auto& it : items)
            entries_.push_back(std::move(it));
        items.clear();
        return true;
    }
    // Queues a request that is not an entry; never refused.
    void push_protective(Item item) { protective_.push_back(std::move(item)); }

    // The request to send next: the protective lane's first, else the entries' first.
    const Item* front() const {
        if (!protective_.empty()) return &protective_.front();
        if (!entries_.empty()) return &entries_.front();
        return nullptr;
    }
    Item pop_front() {
        auto& lane = protective_.empty() ? entries_ : protective_;
        Item item = std::move(lane.front());
        lane.pop_front();
        return item;
    }
    // A request taken and not sent after all (a 429): back at the head of its lane.
    void push_back_to_front(Item item) {
        auto& lane = refusable(item.kind) ? entries_ : protective_;
        lane.push_front(std::move(item));
    }

    // Takes out every request of `order_id` not yet sent (an entry cancelled or expired before
    // it left: nothing need be sent for it), in queue order.
    std::vector<Item> withdraw(const std::string& order_id) {
        std::vector<Item> out;
        for (auto* lane : {&protective_, &entries_})
            for (auto it = lane->begin(); it != lane->end();) {
                if (it->order_id == order_id) {
                    out.push_back(std::move(*it));
                    it = lane->erase(it);
                } else {
                    ++it;
                }
            }
        return out;
    }

    bool empty() const { return protective_.empty() && entries_.empty(); }
    std::size_t entries() const { return entries_.size(); }
    std::size_t protective() const { return protective_.size(); }
    std::size_t entry_capacity() const { return capacity_; }

private:
    std::size_t capacity_;
    std::deque<Item> protective_;
    std::deque<Item> entries_;
};

}  // namespace sos::orderqueue
