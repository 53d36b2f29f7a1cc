// Why an entry was withdrawn before it reached the broker (sos-exec --live): it waited in the
// order queue, or for the start's reconciliation, when the kill switch tripped, its entry's
// expiry passed, or the session's square-off came. A withdrawn entry was never sent: its
// ORDER_UPDATE is CANCELLED with this word in the message, and the state file records it, so a
// restart does not send it either.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class WithdrawReason : std::uint8_t { Kill, Expired, Eod };

template <>
struct Names<WithdrawReason> {
    static constexpr std::array<std::string_view, 3> table = {"KILL", "EXPIRED", "EOD"};
};

}  // namespace sos::vocab
