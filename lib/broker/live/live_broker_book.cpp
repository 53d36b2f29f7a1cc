// The order book's word on each of sos's orders (or an order_update's, read as a row), with the
// filled quantity the FILL lines have written (trade book and stream): the evidence that settles UNKNOWN
// orders, reports partial fills, a rejection after acknowledgement (RMS) and cancellations.
#include <fmt/format.h>

#include "broker/live/live_broker.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

// The book's status, held to the fills the trade book has shown: "complete" before its trades
// are written (from the trade book, or the stream with its price) waits for them; a working
// order whose trades add up to its quantity is complete.
vocab::OrderStatus held_to_fills(vocab::OrderStatus s, std::int64_t filled, std::int64_t qty) {
    using vocab::OrderStatus;
    if (s == OrderStatus::Complete && filled < qty) return OrderStatus::Open;
    if ((s == OrderStatus::Open || s == OrderStatus::TriggerPending) && filled >= qty)
        return OrderStatus::Complete;
    return s;
}

std::string message_for(LiveState from, const LiveOrder& o, const openalgo::BookOrder& row,
                        std::string_view source) {
    const auto st = o.progress.state;
    const auto filled = fmt::format("{} of {} filled", o.progress.filled_qty, o.progress.qty);
    if (st == LiveState::Rejected)
        return fmt::format("REJECTED by the broker after acknowledgement (RMS): the {} says {}", source,
                           vocab::name(row.status));
    if (from == LiveState::Unknown)
        return fmt::format("{}: settled from the {} (its placement went unanswered), {}", vocab::name(st),
                           source, filled);
    return fmt::format("{}: the {} says {}, {}", vocab::name(st), source, vocab::name(row.status), filled);
}

}  // namespace

void LiveBroker::apply_book(const std::vector<openalgo::BookOrder>& book, EventSink& out,
                            std::string_view source) {
    for (const auto& row : book) {
        LiveOrder* found = find_by_broker_id(row.orderid);
        if (!found) continue;
        auto& o = *found;
        const std::int64_t filled = fills_.filled(row.orderid);
        // A modification whose answer was lost (or that raced the book) shows in the row: the
        // book's quantity is the order's.
        if (o.role == OrderRole::Stop && !is_final(o.progress.state) && row.quantity >= filled &&
            row.quantity > 0 && row.quantity != o.progress.qty)
            o.body.quantity = o.progress.qty = row.quantity;
        const auto status = held_to_fills(row.status, filled, o.progress.qty);
        const auto from = o.progress.state;
        const Evidence ev{EvidenceKind::BookReport, status, std::min(filled, o.progress.qty)};
        if (apply(o.progress, ev) != Applied::Moved) continue;
        record(o);
        say(o, message_for(from, o, row, source), out);
        if (o.progress.state == LiveState::Rejected && from != LiveState::Sent && from != LiveState::Unknown)
            alert("ORDER_REJECTED",
                  fmt::format("{} ({}) was acknowledged, then rejected by the broker", o.order_id,
                              o.broker_order_id),
                  out);
    }
}

}  // namespace sos::broker::live
