// Where a live order stands, and the one function that moves it: only evidence moves an order
// (shared/spec/trading.md, Live; user-needs §1.4, §1.5). The one piece of evidence that is sos's
// own is that the request left (INTENT -> SENT); every other move needs the broker's word: the
// answer to the request, its silence (a timeout: UNKNOWN, never resent), or a row of its order
// book, its order status or its order_update stream. An acknowledgement is not a fill: it
// moves SENT to OPEN, and only the broker's cumulative filled quantity makes an order filled.
//
//   INTENT --sent--> SENT --accepted--> OPEN / TRIGGER_PENDING --fill--> PARTIALLY_FILLED --> FILLED
//                      |--refused--> REJECTED        |--rms reject--> REJECTED
//                      |--no answer--> UNKNOWN       |--cancel--> CANCELLED (from partial too)
//                      `--429--> INTENT (not taken; sent again after retry_after)
//   INTENT --withdrawn--> WITHDRAWN (never sent: taken out of the queue at a kill, an expiry)
//   ARMED --triggered--> INTENT (an entry triggered on its underlying: watched by sos-exec, it
//   becomes a request only when the underlying trades through its level; armed_entries.hpp)
//   ARMED --withdrawn--> WITHDRAWN (its expiry, a kill, a pause, the square-off)
//   UNKNOWN is settled by the book alone. FILLED, REJECTED, CANCELLED and WITHDRAWN are final.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vocab/names.hpp"
#include "vocab/order_status.hpp"

namespace sos::broker::live {

enum class LiveState : std::uint8_t {
    Intent,           // written durably, not yet sent
    Sent,             // the request left; no answer yet
    Open,             // acknowledged, working at the exchange
    TriggerPending,   // acknowledged, a stop order waiting for its trigger
    PartiallyFilled,  // some of it filled, the rest working
    Filled,
    Rejected,
    Cancelled,
    Unknown,    // sent, and the broker has not said what became of it (a timeout)
    Withdrawn,  // taken out of the queue before it was sent (vocab::WithdrawReason says why)
    Armed       // an entry waiting for its underlying to trade through its trigger: not a request yet
};

// How the broker's evidence reached sos.
enum class EvidenceKind : std::uint8_t {
    Sent,         // sos's own: the request was handed to the network (after the intent was synced)
    Accepted,     // the request's answer: status success with the broker's order id
    Refused,      // the request's answer: an error (400 schema, 403 key, a broker rejection)
    RateLimited,  // the request's answer: 429, nothing taken; it goes again after retry_after
    NoAnswer,     // no answer in time, or the connection broke after the request left
    BookReport,   // a row of the order book, /orderstatus or an order_update: `status` and fills
    Withdrawn,    // sos's own: taken out of the queue before it left (a kill, an expiry)
    Triggered     // sos's own: the underlying traded through an armed entry's level
};

struct Evidence {
    EvidenceKind kind = EvidenceKind::Sent;
    // BookReport: the broker's status and its cumulative filled quantity.
    std::optional<vocab::OrderStatus> status;
    std::int64_t filled_qty = 0;
};

// Nothing more will happen to the order.
constexpr bool is_final(LiveState s) {
    return s == LiveState::Filled || s == LiveState::Rejected || s == LiveState::Cancelled ||
           s == LiveState::Withdrawn;
}
// The broker took it (an order id exists) and it is still working.
constexpr bool is_working(LiveState s) {
    return s == LiveState::Open || s == LiveState::TriggerPending || s == LiveState::PartiallyFilled;
}

// What the state becomes on `ev`, or nothing when the move is illegal (evidence that cannot
// follow that state: an answer to a request never sent, a fill on a rejected order, a report
// that reopens a final one). `qty` is the order's quantity: a book report whose filled quantity
// reaches it means FILLED, one below it with fills PARTIALLY_FILLED.
std::optional<LiveState> transition(LiveState from, const Evidence& ev, std::int64_t qty);

// An order's progress: its state and the broker's cumulative filled quantity.
struct Progress {
    LiveState state = LiveState::Intent;
    std::int64_t qty = 0;
    std::int64_t filled_qty = 0;
};

enum class Applied : std::uint8_t {
    Moved,      // the state or the filled quantity changed: an ORDER_UPDATE (and a FILL) to write
    Unchanged,  // the same news again (a repeated order_update, a poll with nothing new)
    Refused     // illegal or stale (fewer fills than already known): the order is left as it was
};

// Applies `ev` to `p` (transition(), and fills that only grow).
Applied apply(Progress& p, const Evidence& ev);

// The status sos writes on ORDER_UPDATE for a state (SENT and INTENT are PENDING; a partial
// fill is OPEN with its filled_qty; WITHDRAWN is CANCELLED, the message saying why; ARMED is
// TRIGGER_PENDING, as the paper broker reports a stop entry working: the contract has no word
// of its own for an order sos holds back, and the message says ARMED).
vocab::OrderStatus reported_status(LiveState s);

}  // namespace sos::broker::live

namespace sos::vocab {
template <>
struct Names<broker::live::LiveState> {
    static constexpr std::array<std::string_view, 11> table = {
        "INTENT",           "SENT",      "OPEN",     "TRIGGER_PENDING",
        "PARTIALLY_FILLED", "FILLED",    "REJECTED", "CANCELLED",
        "UNKNOWN",          "WITHDRAWN", "ARMED"};
};
}  // namespace sos::vocab
