// The words of the queue's refusals, apart from the templates.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "ratelimit/broker_limiter.hpp"

namespace sos::orderqueue {

// Why the entries are not draining, as far as the limiter says.
struct Draining {
    ratelimit::Blocker blocker = ratelimit::Blocker::None;
    std::chrono::milliseconds wait{0};  // until the first queued request may go
    bool reconciling = false;           // the live broker's start: nothing goes until it is done
};

// "the order queue is full: 50 entry requests wait (at most 50) and this ORDER needs 2; the
// broker answered 429 and holds orders for 12.0 s more".
std::string queue_full_detail(std::size_t waiting, std::size_t capacity, std::size_t needed,
                              const Draining& why);

}  // namespace sos::orderqueue
