// Why an entry was withdrawn before it reached the broker (sos-exec --live): it waited in the
// order queue, or for the start's reconciliation, when the kill switch tripped, its entry's
// expiry passed, or the session's square-off came; or it was armed on its underlying (an
// option's stop entry watched by sos-exec) when one of those came, a CONTROL pause, or the
// order queue was full when its underlying triggered it. A withdrawn entry was never sent: its
// ORDER_UPDATE is CANCELLED with this word in the message, and the state file records it, so a
// restart does not send it either.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class WithdrawReason : std::uint8_t { Kill, Expired, Eod, Pause, QueueFull };

template <>
struct Names<WithdrawReason> {
    static constexpr std::array<std::string_view, 5> table = {"KILL", "EXPIRED", "EOD", "PAUSE",
                                                              "QUEUE_FULL"};
};

}  // namespace sos::vocab
