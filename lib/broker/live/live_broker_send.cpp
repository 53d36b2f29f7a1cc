// The live broker's requests: each handed to the HTTP client (its own thread does the network)
// within the rate budget, never waited for here.
#include <fmt/format.h>

#include "broker/live/live_broker.hpp"
#include "instrument/symbology.hpp"
#include "openalgo/options_order.hpp"
#include "openalgo/order_answers.hpp"
#include "vocab/names.hpp"

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

// An exit-side order (the exchange stop, an exit) waits in the protective lane: never refused,
// sent before any entry. It is queued under its own update id, so withdrawing an ORDER's
// entries never takes its exits.
LiveBroker::Queued LiveBroker::queued_place(const LiveOrder& o) {
    const auto kind =
        o.role == OrderRole::Entry ? orderqueue::RequestKind::Entry : orderqueue::RequestKind::Exit;
    return Queued{o.update_id(), kind, "placeorder", o.client_id, 0};
}

// A cancellation waits in the queue's protective lane: never refused, sent before any entry.
void LiveBroker::queue_cancel(LiveOrder& o) {
    o.cancel_sent = true;  // asked once; the book confirms it
    pacer_.offer_protective(
        Queued{o.update_id(), orderqueue::RequestKind::Cancel, "cancelorder", o.client_id, 0});
}

// The latest modification wanted waits for the one in flight (the broker answers one at a time).
void LiveBroker::want_modify(LiveOrder& stop, const Modification& m) {
    const bool queued = stop.modify_wanted.has_value();
    stop.modify_wanted = m;
    if (!queued)
        pacer_.offer_protective(
            Queued{stop.update_id(), orderqueue::RequestKind::Modify, "modifyorder", stop.client_id, 0});
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
        const bool sent = item->kind == orderqueue::RequestKind::Cancel   ? send_cancel(it->second, out)
                          : item->kind == orderqueue::RequestKind::Modify ? send_modify(it->second, out)
                                                                          : send_place(it->second, out);
        if (!sent) {
            pacer_.put_back(std::move(*item));  // the client is full: sent on a later poll
            return;
        }
    }
}

// False when the HTTP client would not take it (sent later); true when sent or not needed.
// An armed option's slice 0 goes by optionsorder (armed_entries.hpp): the strike at the money now.
bool LiveBroker::send_place(LiveOrder& o, EventSink& out) {
    if (multi_.contains(o.client_id)) return send_structure(o, out);  // a structure's first leg
    if (o.progress.state != LiveState::Intent || o.in_flight) return true;
    const auto options = by_options(o) && !o.resolved
                             ? options_order_for(o.body, o.armed->on.underlying, *instruments_)
                             : std::nullopt;
    const bool sent =
        options
            ? submit(Call::Place, o.client_id, openalgo::kOptionsOrderPath,
                     openalgo::encode_optionsorder(options_.key.reveal(), *options), options_.order_timeout)
            : submit(Call::Place, o.client_id, openalgo::kPlaceOrderPath,
                     openalgo::encode_placeorder(options_.key.reveal(), o.body), options_.order_timeout);
    if (!sent) return false;
    o.in_flight = true;
    move(o, Evidence{EvidenceKind::Sent, {}, 0},
         options
             ? fmt::format("SENT: optionsorder {} {} {} ATM", options->underlying,
                           instrument::format_expiry_code(options->expiry), vocab::name(options->option_type))
             : std::string("SENT: placeorder"),
         out);
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

// A modification goes once the one before it has been answered; one for an order no longer
// working is dropped (the book said it filled or was cancelled meanwhile).
bool LiveBroker::send_modify(LiveOrder& o, EventSink& out) {
    if (!o.modify_wanted || o.broker_order_id.empty() || !is_working(o.progress.state)) {
        o.modify_wanted.reset();
        return true;
    }
    if (o.modify_sent) return true;  // still wanted: queued again when the one in flight is answered
    const Modification m = *o.modify_wanted;
    openalgo::ModifyOrder body{o.body, o.broker_order_id};
    body.order.quantity = m.quantity;
    body.order.pricetype = m.pricetype;
    body.order.trigger_price = m.trigger;
    body.order.price.reset();
    if (!submit(Call::Modify, o.client_id, openalgo::kModifyOrderPath,
                openalgo::encode_modifyorder(options_.key.reveal(), body), options_.order_timeout))
        return false;
    o.modify_sent = m;
    o.modify_wanted.reset();
    say(o,
        fmt::format("{}: modifyorder sent: {} {}{}", vocab::name(o.progress.state), m.quantity,
                    vocab::name(m.pricetype),
                    m.trigger ? " trigger " + m.trigger->to_string() : std::string()),
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
