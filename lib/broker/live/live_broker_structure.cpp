// The live broker's structures (docs/decisions.md "Structures live"): a structure ORDER waits for
// its underlying's expiries from /expiry (asked once a session day, cached), then each leg of
// each freeze slice becomes an order of its own, its intent synced before anything leaves, and
// each slice goes out as one optionsmultiorder (structure_plan.hpp). OpenAlgo answers success at
// the top whatever the legs met: each leg's own result moves its own order (acknowledged: OPEN,
// never a fill; refused: REJECTED; missing: UNKNOWN, settled by the books, never resent). Fills
// come from the trade book, per leg, as for any order.
//
// A leg that failed (refused in the answer, or rejected by the RMS after it) while others
// filled leaves a structure that is not the one approved: once no leg is still on its way, it is
// unwound (every leg that filled closed at MARKET by the exits' machinery, short legs bought
// back before long ones are sold) or left as it stands with ALERT STRUCTURE_LEG_FAILED, as
// --leg-failed says. The kill switch and the square-off close a structure's legs the same way.
#include <fmt/format.h>

#include "broker/live/live_broker.hpp"
#include "broker/live/structure_plan.hpp"
#include "broker/order_refusal.hpp"
#include "instrument/symbology.hpp"
#include "openalgo/rest_requests.hpp"
#include "openalgo/rest_responses.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

constexpr std::chrono::milliseconds kExpiryTimeout{10000};
constexpr std::chrono::milliseconds kNotSentPause{1000};

Evidence of(EvidenceKind k) {
    return Evidence{k, {}, 0};
}

bool pending(LiveState s) {
    return s == LiveState::Intent || s == LiveState::Sent || is_working(s);
}

}  // namespace

time::Date LiveBroker::session_day() const {
    return options_.calendar ? options_.calendar->local_date(now_) : time::Date{};
}

// The expiries are asked once a session day per underlying; ORDERs that come meanwhile wait
// (bounded by the order queue's room: nothing is written for them yet).
void LiveBroker::place_structure(const OrderRequest& order, EventSink& out) {
    const auto e = expiries_.find(order.underlying);
    if (e != expiries_.end() && e->second.known && e->second.day == session_day())
        return place_legs(order, e->second.dates, out);
    if (awaiting_.size() >= options_.queue_capacity)
        return refuse(order, "QUEUE_FULL",
                      fmt::format("{} structures already wait for their expiries", awaiting_.size()), out);
    awaiting_.push_back(order);
    ask_expiries();
}

void LiveBroker::ask_expiries() {
    const auto now = ratelimit::Clock::now();
    for (const auto& order : awaiting_) {
        auto& e = expiries_[order.underlying];
        if (e.in_flight) continue;
        const auto fno = instruments_->exchange_of(order.legs.front().symbol).value_or(vocab::Exchange::Nfo);
        if (!limiter_.try_acquire("expiry", now).granted) return;  // asked again at the next poll
        if (!submit(Call::Expiry, order.underlying, openalgo::kExpiryPath,
                    openalgo::encode_expiry(options_.key.reveal(), order.underlying, vocab::name(fno),
                                            openalgo::InstrumentType::Options),
                    kExpiryTimeout))
            return;
        e.in_flight = true;
    }
}

// The list, or why there is none: the ORDERs that waited for it go, or are refused (nothing of
// them was written or sent).
void LiveBroker::on_expiry(const net::HttpResult& r, const std::string& underlying, EventSink& out) {
    auto& e = expiries_[underlying];
    e.in_flight = false;
    std::string why = masked(r.error);
    if (r.outcome == net::HttpOutcome::Answered) {
        auto dates = openalgo::parse_expiry(r.status, r.body);
        if (dates.ok() && !dates.value->empty()) {
            e.dates = std::move(*dates.value);
            e.day = session_day();
            e.known = true;
        }
        why = dates.ok() ? "no expiry listed" : masked(dates.error.describe());
    }
    std::vector<OrderRequest> waiting;
    std::erase_if(awaiting_, [&](OrderRequest& o) {
        if (o.underlying != underlying) return false;
        waiting.push_back(std::move(o));
        return true;
    });
    for (const auto& order : waiting) {
        if (e.known)
            place_legs(order, e.dates, out);
        else
            refuse(order, "BROKER_ERROR",
                   fmt::format("no expiries of {} from /expiry ({}): the structure is not sent", underlying,
                               why),
                   out);
    }
}

void LiveBroker::place_legs(const OrderRequest& order, const std::vector<time::Date>& listed,
                            EventSink& out) {
    auto plan = plan_structure(order, *instruments_, &listed);
    if (plan.requests.empty()) {
        out.emit(order_refused(order.id, order.at, order.underlying, mode(), plan.refusal));
        return;
    }
    std::vector<StructureRequest*> fresh;
    std::vector<Queued> queued;
    for (auto& r : plan.requests) {
        bool known = false;
        for (const auto& leg : r.legs)
            known = known || state_.find(leg.client_id) || orders_.contains(leg.client_id);
        if (known) continue;  // never twice
        queued.push_back(Queued{order.id, orderqueue::RequestKind::Entry, "optionsmultiorder",
                                r.legs.front().client_id, 0});
        fresh.push_back(&r);
    }
    if (fresh.empty()) return;
    // The whole ORDER waits in the queue, or none of it: nothing is written for a refused one.
    if (auto refusal = pacer_.offer_entry(std::move(queued), ratelimit::Clock::now()))
        return refuse(order, refusal->reason, refusal->detail, out);
    const ExitPlan exits = exit_plan_of(order);
    std::vector<std::string> slices;
    for (const auto* r : fresh) {
        MultiSend m{r->body, {}};
        for (std::size_t i = 0; i < r->legs.size(); ++i) {
            const auto& leg = r->legs[i];
            LiveOrder o;
            o.client_id = leg.client_id;
            o.order_id = order.id;
            o.underlying = order.underlying;
            o.slice = leg.slice;
            o.body = leg.body;
            o.progress = {LiveState::Intent, leg.body.quantity, 0};
            o.expires = order.at.plus_seconds(std::int64_t{options_.entry_valid_bars} * order.tf.seconds);
            // Durable before anything can leave: a StateError here stops sos-exec (78), unsent.
            StoredOrder stored{o.client_id, o.order_id, o.slice, o.body, LiveState::Intent, {}, 0};
            stored.plan = exits;
            state_.append_intent(stored);
            const auto& l = r->body.legs[i];
            say(o,
                fmt::format("INTENT: leg {} ({} {} {} {}) of the structure, synced to the state file",
                            r->leg_numbers[i] + 1, vocab::name(l.action), l.offset,
                            vocab::name(l.option_type), instrument::format_expiry_code(l.expiry)),
                out);
            m.legs.push_back(o.client_id);
            slices.push_back(o.client_id);
            orders_.emplace(o.client_id, std::move(o));
        }
        multi_.emplace(m.legs.front(), std::move(m));
    }
    open_position(order, slices);
    send_due(out);
}

// A kill takes the structures still waiting for their expiries too: never sent, nothing written.
void LiveBroker::drop_awaiting(std::string_view scope, EventSink& out) {
    std::erase_if(awaiting_, [&](const OrderRequest& o) {
        if (!scope.empty() && scope != o.underlying && scope != o.strategy) return false;
        auto u = order_refused(o.id, now_, o.underlying, mode(),
                               "WITHDRAWN (KILL): waited for its expiries, never sent");
        if (auto* b = u.as<event::OrderUpdate>()) b->status = vocab::OrderStatus::Cancelled;
        out.emit(u);
        return true;
    });
}

// False when the HTTP client would not take it (sent later); true when sent or not needed.
bool LiveBroker::send_structure(LiveOrder& head, EventSink& out) {
    const auto it = multi_.find(head.client_id);
    if (it == multi_.end() || head.progress.state != LiveState::Intent || head.in_flight) return true;
    const auto& m = it->second;
    if (!submit(Call::Multi, head.client_id, openalgo::kOptionsMultiOrderPath,
                openalgo::encode_optionsmultiorder(options_.key.reveal(), m.body), options_.order_timeout))
        return false;
    for (std::size_t i = 0; i < m.legs.size(); ++i) {
        auto& o = orders_.at(m.legs[i]);
        o.in_flight = true;
        move(o, of(EvidenceKind::Sent),
             fmt::format("SENT: optionsmultiorder, leg {} of {}", i + 1, m.legs.size()), out);
    }
    return true;
}

void LiveBroker::on_multi_answer(const std::string& head, const net::HttpResult& r, EventSink& out) {
    const auto it = multi_.find(head);
    if (it == multi_.end()) return;
    std::vector<LiveOrder*> legs;
    for (const auto& cid : it->second.legs) {
        auto& o = orders_.at(cid);
        o.in_flight = false;
        legs.push_back(&o);
    }
    const auto now = ratelimit::Clock::now();
    const Queued again{legs.front()->order_id, orderqueue::RequestKind::Entry, "optionsmultiorder", head, 0};
    const auto all = [&](EvidenceKind k, const std::string& message) {
        for (auto* o : legs)
            move(*o, of(k), message, out);
    };
    if (r.outcome == net::HttpOutcome::NotSent) {  // certainly never left: it goes again
        legs.front()->send_after = now + kNotSentPause;
        pacer_.put_back(again);
        return all(EvidenceKind::RateLimited, "INTENT: not sent (" + masked(r.error) + "); sent again");
    }
    if (r.outcome == net::HttpOutcome::MaybeReceived)
        return all(EvidenceKind::NoAnswer,
                   "UNKNOWN: " + masked(r.error) + "; settled from the order book, never resent");
    const auto a = openalgo::read_multiorder_answer(r.status, r.body);
    switch (a.verdict) {
        case openalgo::PlaceVerdict::RateLimited:
            pacer_.rate_limited(again, now, a.retry_after);
            return all(EvidenceKind::RateLimited,
                       fmt::format("INTENT: rate limited (HTTP 429), sent again after {} ms",
                                   a.retry_after.count()));
        case openalgo::PlaceVerdict::Refused:
            return all(EvidenceKind::Refused, "REJECTED: " + masked(a.message));
        case openalgo::PlaceVerdict::Unsure:
            return all(EvidenceKind::NoAnswer,
                       "UNKNOWN: " + masked(a.message) + "; settled from the order book, never resent");
        case openalgo::PlaceVerdict::Accepted:
            break;
    }
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const openalgo::LegResult* found = nullptr;
        for (const auto& x : a.results)
            if (x.leg == static_cast<int>(i) + 1) found = &x;
        on_leg_result(*legs[i], found, out);
    }
}

// One leg's own result. The option OpenAlgo resolved its offset to is the leg's from now on
// (the spot may have moved a strike since sos-risk priced it): recorded before the OPEN.
void LiveBroker::on_leg_result(LiveOrder& o, const openalgo::LegResult* x, EventSink& out) {
    if (!x || (x->ok && x->orderid.empty())) {
        move(o, of(EvidenceKind::NoAnswer),
             "UNKNOWN: the answer has no order id for this leg; settled from the order book, never resent",
             out);
        return;
    }
    if (!x->ok) {
        move(o, of(EvidenceKind::Refused), "REJECTED: " + masked(x->message), out);
        return;
    }
    std::string resolved;
    if (!x->symbol.empty() && x->symbol != o.body.symbol) {
        resolved = fmt::format("; OpenAlgo resolved it to {}, not {}", x->symbol, o.body.symbol);
        o.body.symbol = x->symbol;
        StateExtras extras;
        extras.symbol = x->symbol;
        state_.append_state(o.client_id, o.progress.state, x->orderid, o.progress.filled_qty, extras);
    }
    o.broker_order_id = x->orderid;
    claimed_.insert(x->orderid);
    move(o, of(EvidenceKind::Accepted), "OPEN: leg acknowledged by the broker (not a fill)" + resolved, out);
}

// Once no leg is on its way any more: a failed leg beside legs that filled is dealt with, once.
void LiveBroker::check_structure(Position& p, EventSink& out) {
    if (broken_.contains(p.order_id)) return;
    std::string failed, held;
    for (const auto& cid : p.slices) {
        const auto it = orders_.find(cid);
        if (it == orders_.end()) continue;
        const auto& o = it->second;
        if (pending(o.progress.state)) return;
        const auto leg = fmt::format("{} {}", vocab::name(o.body.action), o.body.symbol);
        if (o.progress.state == LiveState::Rejected) failed += (failed.empty() ? "" : ", ") + leg;
        if (const auto q = filled_of(o); q > 0)
            held += fmt::format("{}{} x{}", held.empty() ? "" : ", ", leg, q);
    }
    if (failed.empty()) return;
    broken_.insert(p.order_id);
    if (held.empty()) return;  // nothing of it filled: its REJECTED lines say it all
    if (options_.leg_failed == vocab::LegFailure::Unwind) {
        if (!p.exiting) p.exiting = vocab::ExitReason::Kill;
        alert("STRUCTURE_UNWOUND",
              fmt::format("{}: leg(s) {} failed while {} filled: unwinding, the legs that filled closed at "
                          "MARKET (short legs first), EXIT reason KILL",
                          p.order_id, failed, held),
              out);
        return;
    }
    alert(
        "STRUCTURE_LEG_FAILED",
        fmt::format("{}: leg(s) {} failed while {} filled: left as it stands (--leg-failed alert); close or "
                    "complete it at the broker",
                    p.order_id, failed, held),
        out, "crit");
}

// A structure's long legs are sold only once its short legs are bought back: the hedges stay
// while a short is open (and the margin they free is not needed first).
bool LiveBroker::shorts_held(const Position& p) const {
    for (const auto& cid : p.slices)
        if (const auto it = orders_.find(cid);
            it != orders_.end() && it->second.body.action == vocab::Side::Sell && held_by(it->second) > 0)
            return true;
    return false;
}

}  // namespace sos::broker::live
