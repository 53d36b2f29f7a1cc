// The live broker's order_update stream (order_stream.hpp): each update of one of sos's orders
// writes the fill it newly reports (fill_ledger.hpp: the quantity beyond what the trade book
// or an earlier update wrote, priced by stream_fill.hpp) and moves the order as an order book
// row would. An update of an order whose broker id is not known yet (its placement's answer is
// still on its way) waits until it is; the stream's ups and downs are ALERT lines and HEALTH's
// order_stream. The books' polling goes on whatever the stream does: it is an accelerator,
// never the only evidence (docs/decisions.md "The order_update stream").
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "broker/live/live_broker.hpp"
#include "broker/live/stream_fill.hpp"

namespace sos::broker::live {

namespace {
// Updates of unknown broker order ids kept (orders not sos's, or ahead of their answer): the
// oldest go first, and the books settle whatever they would have said.
constexpr std::size_t kParkedMax = 256;

// This machine's clock: the stream's back-off and answer timeouts run on it.
time::Timestamp wall_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}
}  // namespace

void LiveBroker::service_stream(EventSink& out) {
    if (!stream_) return;
    stream_news_.clear();
    stream_->service(wall_now(), stream_news_);
    for (auto& n : stream_news_)
        on_stream_news(n, out);
    // Updates that came ahead of their placement's answer, once the answer (or the order book)
    // has named the order.
    for (auto it = parked_.begin(); it != parked_.end();) {
        if (!on_stream_update(*it, out)) {
            ++it;
            continue;
        }
        it = parked_.erase(it);
    }
}

void LiveBroker::on_stream_news(StreamNews& n, EventSink& out) {
    switch (n.kind) {
        case StreamNews::Kind::Update:
            if (!on_stream_update(n.update, out)) {
                if (parked_.size() == kParkedMax) parked_.pop_front();
                parked_.push_back(std::move(n.update));
            }
            return;
        case StreamNews::Kind::Down:
            if (stream_alerted_) return;  // once per run of failures
            stream_alerted_ = true;
            alert("ORDER_STREAM_DOWN",
                  fmt::format("the order_update stream ({}) is down: {}; orders are settled from the books "
                              "every {} ms meanwhile; reconnecting",
                              options_.ws, masked(n.detail), options_.book_every.count()),
                  out);
            return;
        case StreamNews::Kind::Up:
            if (!stream_alerted_) return;
            stream_alerted_ = false;
            alert("ORDER_STREAM_RECOVERED",
                  fmt::format("the order_update stream ({}) is up again; what it missed meanwhile comes "
                              "from the books",
                              options_.ws),
                  out, "info");
            next_books_ = {};  // at once: the stream does not replay what it missed
            return;
        case StreamNews::Kind::Problem:
            return;  // a bad or error frame: what it would have said comes from the books
    }
}

// False when the order is not known by this broker id (yet).
bool LiveBroker::on_stream_update(const openalgo::OrderUpdateFrame& u, EventSink& out) {
    LiveOrder* found = find_by_broker_id(u.orderid);
    if (!found) return false;
    auto& o = *found;
    if (u.filled_quantity && std::isfinite(*u.filled_quantity)) {
        const auto filled =
            std::min(static_cast<std::int64_t>(std::llround(*u.filled_quantity)), o.progress.qty);
        // Priced by the update, or left to the trade book (nothing taken from the ledger).
        if (filled > fills_.filled(u.orderid)) {
            const auto fresh = filled - fills_.filled(u.orderid);
            if (const auto price = stream_fill_price(u.average_price, filled, fresh, o.filled_value)) {
                fills_.take_stream(u.orderid, filled);
                write_fill(o, fresh, *price, stream_fill_time(o), out);
            }
        }
    }
    apply_book({row_of(u)}, out, "order_update stream");
    return true;
}

// An update carries no time, and the wall clock is not the stream's (a replayed or simulated
// session runs on its own): the fill happened after its ORDER and after the latest candle of its
// exit series that had closed, so it is dated there, and only candles opening after that
// instant are its position's (the candle forming at the fill is not, as with a trade book row's
// time inside it).
time::Timestamp LiveBroker::stream_fill_time(const LiveOrder& o) {
    const auto p = trades_.find(o.order_id);
    if (p == trades_.end()) return now_;
    time::Timestamp at = p->second.placed;
    for (const auto& [series, close] : last_close_)
        if (series.first == p->second.plan.underlying && series.second == p->second.plan.tf.seconds)
            at = std::max(at, close);
    if (at == time::Timestamp{}) return now_;  // adopted after a restart: every candle counts already
    if (o.role == OrderRole::Entry && !p->second.opened) p->second.opened = time::Timestamp{at.ns + 1};
    return at;
}

Broker::StreamState LiveBroker::stream_state() const {
    if (!stream_) return StreamState::None;
    if (stream_->up()) return StreamState::Up;
    return stream_alerted_ ? StreamState::Down : StreamState::Connecting;
}

}  // namespace sos::broker::live
