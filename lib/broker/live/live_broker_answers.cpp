// The live broker's answers: what each means for an order (openalgo/order_answers.hpp), and the
// books that settle orders. FILL lines come from the trade book (here) and the order_update
// stream (live_broker_stream.cpp), one ledger deduplicating the two.
#include <fmt/format.h>

#include "broker/live/book_match.hpp"
#include "broker/live/live_broker.hpp"
#include "openalgo/options_order.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {
constexpr std::chrono::milliseconds kNotSentPause{1000};
constexpr std::chrono::milliseconds kBookTimeout{10000};

Evidence of(EvidenceKind k) {
    return Evidence{k, {}, 0};
}
}  // namespace

void LiveBroker::on_result(net::HttpResult&& r, EventSink& out) {
    const auto it = pending_.find(r.id);
    if (it == pending_.end()) return;
    const Pending p = it->second;
    pending_.erase(it);
    if (p.call == Call::OrderBook) return on_orderbook(r, out);
    if (p.call == Call::TradeBook) return on_tradebook(r, out);
    if (p.call == Call::PositionBook) return on_positionbook(r, out);
    if (p.call == Call::SweepBook) return on_sweepbook(r, out);
    if (p.call == Call::Expiry) return on_expiry(r, p.client_id, out);
    if (p.call == Call::Multi) return on_multi_answer(p.client_id, r, out);
    const auto o = orders_.find(p.client_id);
    if (o == orders_.end()) return;
    if (p.call == Call::Modify) return on_modify_answer(o->second, r, out);
    o->second.in_flight = false;
    if (p.call == Call::Place)
        on_place_answer(o->second, r, out);
    else
        on_cancel_answer(o->second, r, out);
}

void LiveBroker::on_place_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out) {
    const auto now = ratelimit::Clock::now();
    if (r.outcome == net::HttpOutcome::NotSent) {  // certainly never left: it goes again
        o.send_after = now + kNotSentPause;
        pacer_.put_back(queued_place(o));  // first again, after the pause
        move(o, of(EvidenceKind::RateLimited), "INTENT: not sent (" + masked(r.error) + "); sent again", out);
        return;
    }
    if (r.outcome == net::HttpOutcome::MaybeReceived) {
        move(o, of(EvidenceKind::NoAnswer),
             "UNKNOWN: " + masked(r.error) + "; settled from the order book, never resent", out);
        return;
    }
    // An optionsorder's answer also names the option it placed (a success without it: UNKNOWN,
    // the order book names it).
    const bool options = by_options(o) && !o.resolved;
    const auto oa = options ? openalgo::read_options_answer(r.status, r.body)
                            : openalgo::OptionsAnswer{openalgo::read_place_answer(r.status, r.body), {}};
    const auto& a = oa.place;
    switch (a.verdict) {
        case openalgo::PlaceVerdict::Accepted:
            o.broker_order_id = a.orderid;
            claimed_.insert(a.orderid);
            if (options) resolve(o, oa.symbol, out);
            move(o, of(EvidenceKind::Accepted),
                 options
                     ? fmt::format("OPEN: acknowledged by the broker (not a fill); optionsorder placed {}",
                                   oa.symbol)
                     : std::string("OPEN: acknowledged by the broker (not a fill)"),
                 out);
            return;
        case openalgo::PlaceVerdict::RateLimited:
            // Back at the head of the queue; the orders class is held until retry_after.
            pacer_.rate_limited(queued_place(o), now, a.retry_after);
            move(
                o, of(EvidenceKind::RateLimited),
                fmt::format("INTENT: rate limited (HTTP 429), sent again after {} ms", a.retry_after.count()),
                out);
            return;
        case openalgo::PlaceVerdict::Refused:
            move(o, of(EvidenceKind::Refused), "REJECTED: " + masked(a.message), out);
            return;
        case openalgo::PlaceVerdict::Unsure:
            move(o, of(EvidenceKind::NoAnswer),
                 "UNKNOWN: " + masked(a.message) + "; settled from the order book, never resent", out);
            return;
    }
}

void LiveBroker::on_cancel_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out) {
    if (r.outcome == net::HttpOutcome::Answered && r.status == 200) return;  // the book confirms it
    const auto why = r.outcome == net::HttpOutcome::Answered
                         ? openalgo::read_place_answer(r.status, r.body).message
                         : r.error;
    alert("CANCEL_FAILED",
          fmt::format("cancelorder {} for {} failed: {}", o.broker_order_id, o.order_id, masked(why)), out);
}

// Acknowledged: the order is so now (state file, then the line). Refused or unanswered: the old
// order stands as far as sos knows, the refusal is reported, and the books are read at once (a
// stop that filled meanwhile cannot be modified: the book says so, and the exit is that fill).
void LiveBroker::on_modify_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out) {
    const Modification m = *o.modify_sent;
    o.modify_sent.reset();
    const auto a = r.outcome == net::HttpOutcome::Answered ? openalgo::read_place_answer(r.status, r.body)
                                                           : openalgo::PlaceAnswer{};
    if (a.verdict == openalgo::PlaceVerdict::RateLimited) {
        if (!o.modify_wanted) o.modify_wanted = m;  // nothing newer: this one again
        pacer_.rate_limited(
            Queued{o.update_id(), orderqueue::RequestKind::Modify, "modifyorder", o.client_id, 0},
            ratelimit::Clock::now(), a.retry_after);
        return;
    }
    if (r.outcome == net::HttpOutcome::Answered && a.verdict == openalgo::PlaceVerdict::Accepted) {
        state_.append_modify(o.client_id, m);
        o.body.quantity = o.progress.qty = m.quantity;
        o.body.pricetype = m.pricetype;
        o.body.trigger_price = m.trigger;
        o.body.price.reset();
        o.used_as_exit = o.used_as_exit || m.to_market();
        say(o,
            fmt::format("{}: modified by the broker: {} {}{}", vocab::name(o.progress.state), m.quantity,
                        vocab::name(m.pricetype), m.trigger ? " trigger " + m.trigger->to_string() : ""),
            out);
    } else {
        o.modify_refused = m;
        const auto why = r.outcome == net::HttpOutcome::Answered ? a.message : r.error;
        alert("STOP_MODIFY_FAILED",
              fmt::format("modifyorder {} ({}) to {} {}{} failed: {}; the order stands as it was",
                          o.broker_order_id, o.update_id(), m.quantity, vocab::name(m.pricetype),
                          m.trigger ? " trigger " + m.trigger->to_string() : "", masked(why)),
              out);
        next_books_ = {};  // what became of it, at once
    }
    if (o.modify_wanted)
        pacer_.offer_protective(
            Queued{o.update_id(), orderqueue::RequestKind::Modify, "modifyorder", o.client_id, 0});
}

void LiveBroker::on_orderbook(const net::HttpResult& r, EventSink& out) {
    std::string why;
    auto rows = r.outcome == net::HttpOutcome::Answered ? openalgo::read_orderbook(r.status, r.body, why)
                                                        : std::nullopt;
    if (!rows) {
        books_in_flight_ = false;  // asked again after book_every
        books_failed("order book", r.outcome == net::HttpOutcome::Answered ? why : r.error, out);
        return;
    }
    book_ = std::move(*rows);
    if (!limiter_.try_acquire("tradebook", ratelimit::Clock::now()).granted ||
        !submit(Call::TradeBook, {}, openalgo::kTradeBookPath,
                openalgo::encode_key_only(options_.key.reveal()), kBookTimeout))
        books_in_flight_ = false;
}

void LiveBroker::on_tradebook(const net::HttpResult& r, EventSink& out) {
    books_in_flight_ = false;
    std::string why;
    auto trades = r.outcome == net::HttpOutcome::Answered ? openalgo::read_tradebook(r.status, r.body, why)
                                                          : std::nullopt;
    if (!trades || !book_) {
        books_failed("trade book", r.outcome == net::HttpOutcome::Answered ? why : r.error, out);
        return;
    }
    books_alerted_ = false;  // both answered: a later failure is news again
    settle_unknown(*book_, out);
    // Only the rows of orders whose broker id sos knows now: a fill of an order whose answer is
    // still on its way is taken at a later poll, once the answer (or the book) names it.
    std::vector<openalgo::BookTrade> ours;
    for (auto& t : *trades)
        if (find_by_broker_id(t.orderid)) ours.push_back(std::move(t));
    for (const auto& t : fills_.take_new(ours))
        write_fill(*find_by_broker_id(t.orderid), t.quantity, t.price,
                   openalgo::read_book_time(t.timestamp).value_or(now_), out);
    apply_book(*book_, out);
    book_.reset();
    manage(out);
    // At the start (or after the operator's acceptance) the position book follows, once the
    // books have settled what the state file left open: its fills are then sos's too.
    if (needs_round()) ask_positions();
}

// A fill of `o` sos has not written before (the trade book's row, or the stream's update).
void LiveBroker::write_fill(LiveOrder& o, std::int64_t qty, money::Paise price, time::Timestamp at,
                            EventSink& out) {
    note_fill(o, qty, price, at);
    auto f = event::Event{};
    f.env.kind = event::Kind::Fill;
    f.env.timestamp = at;
    f.env.symbol = o.body.symbol;
    f.env.src = "sos-exec";
    f.env.mode = "live";
    auto& b = f.body.emplace<event::Fill>();
    b.order_id = o.order_id;
    b.side = o.body.action;
    b.qty = qty;
    b.price = price.rupees();
    out.emit(f);
}

// Once per run of failures: without the books no order is settled (an UNKNOWN one stays so).
void LiveBroker::books_failed(std::string_view which, const std::string& why, EventSink& out) {
    if (books_alerted_) return;
    books_alerted_ = true;
    alert("BOOKS_FAILED",
          fmt::format("the {} did not answer ({}): orders are not settled until it does", which, masked(why)),
          out);
}

void LiveBroker::settle_unknown(const std::vector<openalgo::BookOrder>& book, EventSink& out) {
    for (auto& [id, o] : orders_) {
        if (o.progress.state != LiveState::Unknown || !o.broker_order_id.empty()) continue;
        if (by_options(o) && !o.resolved) {
            if (settle_unknown_option(o, book)) continue;  // apply_book moves it by its row
        } else if (auto found = match_unknown(o.body, book, claimed_)) {
            o.broker_order_id = *found;
            claimed_.insert(*found);
            continue;  // apply_book moves it by its row
        }
        if (!o.unknown_alerted) {
            o.unknown_alerted = true;
            alert("ORDER_UNKNOWN",
                  fmt::format("{} ({}): no answer to its placement and no such order in the order book; "
                              "not resent, still looked for",
                              o.order_id, o.client_id),
                  out);
        }
    }
}

}  // namespace sos::broker::live
