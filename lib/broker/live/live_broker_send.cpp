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

void LiveBroker::send_due(EventSink& out) {
    const auto now = ratelimit::Clock::now();
    for (auto& [id, o] : orders_)
        if (o.progress.state == LiveState::Intent && !o.in_flight && now >= o.send_after) send_place(o, out);
}

void LiveBroker::send_place(LiveOrder& o, EventSink& out) {
    const auto now = ratelimit::Clock::now();
    const auto grant = limiter_.try_acquire("placeorder", now);
    if (!grant.granted) {
        o.send_after = grant.retry_at;  // the budget's word: nothing sent, nothing lost
        return;
    }
    if (!submit(Call::Place, o.client_id, openalgo::kPlaceOrderPath,
                openalgo::encode_placeorder(options_.key.reveal(), o.body), options_.order_timeout))
        return;  // the client is full: sent on a later poll
    o.in_flight = true;
    move(o, Evidence{EvidenceKind::Sent, {}, 0}, "SENT: placeorder", out);
}

void LiveBroker::send_cancel(LiveOrder& o, EventSink& out) {
    if (o.broker_order_id.empty() || o.in_flight) return;
    const auto grant = limiter_.try_acquire("cancelorder", ratelimit::Clock::now());
    if (!grant.granted) return;  // asked again at the next candle or flatten
    if (!submit(Call::Cancel, o.client_id, openalgo::kCancelOrderPath,
                openalgo::encode_cancelorder(options_.key.reveal(), o.client_id, o.broker_order_id),
                options_.order_timeout))
        return;
    o.cancel_sent = true;
    o.in_flight = true;
    say(o,
        fmt::format("{}: cancelorder sent ({} of {} filled); the book confirms",
                    vocab::name(o.progress.state), o.progress.filled_qty, o.progress.qty),
        out);
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
