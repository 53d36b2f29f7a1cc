// How a notice leaves sos: Telegram's Bot API, a webhook, a command. A transport is called on
// its sender's own thread (sender.hpp), one notice at a time, and may take as long as the
// network does: the pipeline never waits for it. It says what became of the notice; when to try
// again is the sender's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "alerts/notice.hpp"

namespace sos::alerts {

enum class Verdict : std::uint8_t {
    Delivered,  // the other side took it
    Retry,      // not taken, for a reason that may pass (no connection, a 5xx, a 429, a stall)
    Refused,    // not taken, and sending it again would not help (a 4xx: a wrong token or chat)
    Stopped,    // the sender is stopping: the attempt was abandoned
};

struct Delivery {
    Verdict verdict = Verdict::Delivered;
    std::optional<double> retry_after_s;  // the other side's own wait (Telegram's 429)
    // Why it was not delivered, for stderr and HEALTH: names the endpoint by its origin only,
    // never a token, a chat id or a webhook's path.
    std::string problem;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual std::string_view name() const = 0;  // "telegram", "webhook", "command"
    // Tries once. Returns early with Stopped when `stop_fd` becomes readable.
    virtual Delivery deliver(const Notice& notice, int stop_fd) = 0;
};

}  // namespace sos::alerts
