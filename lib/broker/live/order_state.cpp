#include "broker/live/order_state.hpp"

namespace sos::broker::live {

namespace {

using vocab::OrderStatus;

// What a book row says, for an order the broker has taken (or may have: UNKNOWN, SENT, whose
// order_update can arrive before the answer to the request). Cumulative fills decide between
// working, partially filled and filled; a cancellation or rejection after some fills stays
// what it is (the filled part is a position, kept by the caller).
std::optional<LiveState> from_book(LiveState from, const Evidence& ev, std::int64_t qty) {
    if (!ev.status || ev.filled_qty < 0 || (qty > 0 && ev.filled_qty > qty)) return std::nullopt;
    const bool some = ev.filled_qty > 0;
    switch (*ev.status) {
        case OrderStatus::Complete:
            return LiveState::Filled;
        case OrderStatus::Cancelled:
            return LiveState::Cancelled;
        case OrderStatus::Rejected:
            // An exchange does not reject what it has partly filled.
            if (some || from == LiveState::PartiallyFilled) return std::nullopt;
            return LiveState::Rejected;
        case OrderStatus::Open:
        case OrderStatus::TriggerPending:
            if (some) return LiveState::PartiallyFilled;
            // Fills are never taken back: a partially filled order reported with none is stale.
            if (from == LiveState::PartiallyFilled) return std::nullopt;
            return *ev.status == OrderStatus::Open ? LiveState::Open : LiveState::TriggerPending;
        case OrderStatus::Pending:
        case OrderStatus::Unknown:
            return std::nullopt;  // not words a broker's book uses
    }
    return std::nullopt;
}

}  // namespace

std::optional<LiveState> transition(LiveState from, const Evidence& ev, std::int64_t qty) {
    if (is_final(from)) return std::nullopt;
    switch (ev.kind) {
        case EvidenceKind::Sent:
            return from == LiveState::Intent ? std::optional(LiveState::Sent) : std::nullopt;
        case EvidenceKind::Accepted:
            return from == LiveState::Sent ? std::optional(LiveState::Open) : std::nullopt;
        case EvidenceKind::Refused:
            return from == LiveState::Sent ? std::optional(LiveState::Rejected) : std::nullopt;
        case EvidenceKind::RateLimited:
            return from == LiveState::Sent ? std::optional(LiveState::Intent) : std::nullopt;
        case EvidenceKind::NoAnswer:
            return from == LiveState::Sent ? std::optional(LiveState::Unknown) : std::nullopt;
        case EvidenceKind::BookReport:
            // Never sent: not in any book.
            if (from == LiveState::Intent || from == LiveState::Armed) return std::nullopt;
            return from_book(from, ev, qty);
        case EvidenceKind::Withdrawn:
            return from == LiveState::Intent || from == LiveState::Armed ? std::optional(LiveState::Withdrawn)
                                                                         : std::nullopt;
        case EvidenceKind::Triggered:
            return from == LiveState::Armed ? std::optional(LiveState::Intent) : std::nullopt;
    }
    return std::nullopt;
}

Applied apply(Progress& p, const Evidence& ev) {
    const auto next = transition(p.state, ev, p.qty);
    if (!next) return Applied::Refused;
    const bool book = ev.kind == EvidenceKind::BookReport;
    if (book && ev.filled_qty < p.filled_qty) return Applied::Refused;  // an older report
    const std::int64_t filled = *next == LiveState::Filled ? p.qty : book ? ev.filled_qty : p.filled_qty;
    if (*next == p.state && filled == p.filled_qty) return Applied::Unchanged;
    p.state = *next;
    p.filled_qty = filled;
    return Applied::Moved;
}

vocab::OrderStatus reported_status(LiveState s) {
    switch (s) {
        case LiveState::Intent:
        case LiveState::Sent:
            return OrderStatus::Pending;
        case LiveState::Open:
        case LiveState::PartiallyFilled:
            return OrderStatus::Open;
        case LiveState::TriggerPending:
        case LiveState::Armed:
            return OrderStatus::TriggerPending;
        case LiveState::Filled:
            return OrderStatus::Complete;
        case LiveState::Rejected:
            return OrderStatus::Rejected;
        case LiveState::Cancelled:
        case LiveState::Withdrawn:
            return OrderStatus::Cancelled;
        case LiveState::Unknown:
            return OrderStatus::Unknown;
    }
    return OrderStatus::Unknown;
}

}  // namespace sos::broker::live
