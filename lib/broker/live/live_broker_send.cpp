// The live broker's requests: each handed to the HTTP client (its own thread does the network)
// within the rate budget, never waited for here.
#include <fmt/format.h>

#include "broker/live/live_broker.hpp"
#include "openalgo/order_answers.hpp"

namespace sos::broker::live {

namespace {
constexpr std::chrono::milliseconds kBookTimeout{10000};
}

bool LiveBroker::submit(Call call, const std::string& client_id, std::string_view path, std::string body,
                        std::chrono::milliseconds timeout) {
    net::HttpRequest req;
    req.method = net::HttpMethod::Post;
    req.path = std::string(path);
    req.body = std::move(body);
    req.idempotent = call == Call::OrderBook || call == Call::TradeBook;  // an order never goes twice
    req.timeout = timeout;
    const auto id = http_->submit(std::move(req));
    if (!id) return false;
    pending_[*id] = Pending{call, client_id};
    return true;
}

LiveBroker::Queued LiveBroker::queued_place(const LiveOrder& o) {
    return Queued{o.order_id, orderqueue::RequestKind::Entry, "placeorder", o.client_id, 0};
}

// A cancellation waits in the queue's protective lane: never refused, sent before any entry.
void LiveBroker::queue_cancel(LiveOrder& o) {
    o.cancel_sent = true;  // asked once; the book confirms it
    pacer_.offer_protective(
        Queued{o.order_id, orderqueue::RequestKind::Cancel, "cancelorder", o.client_id, 0});
}

// Sends from the queue's head while the budget allows (the pacer takes the token). A request
// whose order has moved on meanwhile (a cancel for an order the book says filled) is dropped:
// there is nothing left to send it for.
void LiveBroker::send_due(EventSink& out) {
    for (;;) {
        const auto now = ratelimit::Clock::now();
        const Queued* head = pacer_.queue().front();
        if (head == nullptr) return;
        const auto it = orders_.find(head->request);
        if (it != orders_.end() && now < it->second.send_after) return;  // not sent: tried again at 1 s
        auto item = pacer_.next(now);
        if (!item) return;  // the budget's word: it waits, nothing lost
        if (it == orders_.end()) continue;
        const bool cancel = item->kind == orderqueue::RequestKind::Cancel;
        const bool sent = cancel ? send_cancel(it->second, out) : send_place(it->second, out);
        if (!sent) {
            pacer_.put_back(std::move(*item));  // the client is full: sent on a later poll
            return;
        }
    }
}

// False when the HTTP client would not take it (sent later); true when sent or not needed.
bool LiveBroker::send_place(LiveOrder& o, EventSink& out) {
    if (o.progress.state != LiveState::Intent || o.in_flight) return true;
    if (!submit(Call::Place, o.client_id, openalgo::kPlaceOrderPath,
                openalgo::encode_placeorder(options_.key.reveal(), o.body), options_.order_timeout))
        return false;
    o.in_flight = true;
    move(o, Evidence{EvidenceKind::Sent, {}, 0}, "SENT: placeorder", out);
    return true;
}

bool LiveBroker::send_cancel(LiveOrder& o, EventSink& out) {
    if (o.broker_order_id.empty() || !is_working(o.progress.state)) return true;
    if (o.in_flight) return true;  // its cancellation already awaits an answer
    if (!submit(Call::Cancel, o.client_id, openalgo::kCancelOrderPath,
                openalgo::encode_cancelorder(options_.key.reveal(), o.client_id, o.broker_order_id),
                options_.order_timeout))
        return false;
    o.in_flight = true;
    say(o,
        fmt::format("{}: cancelorder sent ({} of {} filled); the book confirms",
                    vocab::name(o.progress.state), o.progress.filled_qty, o.progress.qty),
        out);
    return true;
}

// The order book, then (once it answers) the trade book: a trade book read after the order
// book holds every fill the order book's statuses reflect.
void LiveBroker::ask_books() {
    const auto now = ratelimit::Clock::now();
    if (!limiter_.try_acquire("orderbook", now).granted) return;
    if (!submit(Call::OrderBook, {}, openalgo::kOrderBookPath,
                openalgo::encode_key_only(options_.key.reveal()), kBookTimeout))
        return;
    books_in_flight_ = true;
    next_books_ = now + options_.book_every;
}

}  // namespace sos::broker::live
