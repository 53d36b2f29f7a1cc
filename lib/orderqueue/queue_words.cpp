#include "orderqueue/queue_words.hpp"

#include "orderqueue/request_kind.hpp"

#include <fmt/format.h>

namespace sos::orderqueue {

std::string_view kind_name(RequestKind k) {
    switch (k) {
        case RequestKind::Entry:
            return "entry";
        case RequestKind::Exit:
            return "exit";
        case RequestKind::Modify:
            return "modify";
        case RequestKind::Cancel:
            return "cancel";
    }
    return "?";
}

std::string queue_full_detail(std::size_t waiting, std::size_t capacity, std::size_t needed,
                              const Draining& why) {
    if (needed > capacity)
        return fmt::format("this ORDER needs {} requests, more than the order queue holds ({}); not sent",
                           needed, capacity);
    const double seconds = static_cast<double>(why.wait.count()) / 1000.0;
    std::string cause;
    if (why.reconciling)
        cause = "they wait for the start's reconciliation with the broker's books";
    else
        switch (why.blocker) {
            case ratelimit::Blocker::RetryAfter:
                cause = fmt::format("the broker answered 429 and holds these requests for {:.1f} s more",
                                    seconds);
                break;
            case ratelimit::Blocker::Window:
                cause = fmt::format("they leave at the broker's rate limit (the next in {:.1f} s)", seconds);
                break;
            case ratelimit::Blocker::ExchangeCap:
                cause = fmt::format(
                    "they leave at the exchange's cap on orders a second (the next in {:.1f} s)", seconds);
                break;
            case ratelimit::Blocker::None:
                cause = "they are being sent";
                break;
        }
    return fmt::format(
        "the order queue is full: {} entry requests wait (at most {}) and this ORDER needs {}; {}; "
        "not sent",
        waiting, capacity, needed, cause);
}

}  // namespace sos::orderqueue
