// The live broker's kill switch and square-off (docs/decisions.md "Exits live"): what is not yet
// at the broker is withdrawn (never sent, and the state file says so, so a restart does not send
// it either), what works there is cancelled, every position of the scope is closed
// (live_broker_exits.cpp), and the sweep is reported in progress until the position book agrees
// with what sos then holds on every key it touched.
//
// A disagreement that outlasts the sweep's reads is alerted (FLAT_UNCONFIRMED), and the position
// book is still read a few times more, each wait twice the last: a broker whose position book
// lags its trades (or an exit that fills late) then turns the sweep into KILL_DONE by itself,
// and the reads stop after a bounded number, so a position that is not sos's costs no more.
//
// Positions are closed one ORDER at a time with sos's own MARKET orders (or the exchange stop
// modified to MARKET), not with closeposition: closeposition squares off every position of the
// account (a kill's scope may be one underlying or strategy, and the account may hold positions
// that are not sos's), and its orders carry no client id, so their intent could not be synced
// before they leave nor recognised after a restart.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "broker/live/live_broker.hpp"
#include "broker/live/place_plan.hpp"
#include "broker/live/position_line.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

constexpr std::chrono::milliseconds kBookTimeout{10000};
constexpr int kSweepRounds = 5;  // position book reads before a disagreement is alerted
constexpr int kRechecks = 8;     // reads after FLAT_UNCONFIRMED, the first 2 book_every later
constexpr std::chrono::milliseconds kMaxRecheckWait{300000};

// The wait before the next read after FLAT_UNCONFIRMED: 2, 4, 8... book_every, at most 5 min.
std::chrono::milliseconds recheck_wait(std::chrono::milliseconds book_every, int rechecks) {
    auto wait = book_every * 2;
    for (int i = 0; i < rechecks && wait < kMaxRecheckWait; ++i)
        wait *= 2;
    return std::min(wait, kMaxRecheckWait);
}

// A sweep still reading the position book: in progress, or unconfirmed with reads left.
template <class Sweep>
bool reading(const Sweep& w) {
    return !w.over || (!w.confirmed && w.rechecks < kRechecks);
}

std::string describe(const PositionKey& k) {
    return fmt::format("{} {} {}", k.symbol, k.exchange, vocab::name(k.product));
}

std::string_view sweep_name(vocab::ExitReason r) {
    return r == vocab::ExitReason::Kill ? "kill" : "square-off";
}

}  // namespace

Broker::SweepState LiveBroker::sweep_state() const {
    if (sweeps_.empty()) return SweepState::None;
    const auto& w = sweeps_.back();
    if (!w.over) return SweepState::InProgress;
    return w.confirmed ? SweepState::Done : SweepState::Unconfirmed;
}

bool LiveBroker::in_scope(const Position& p, std::string_view scope) const {
    if (scope.empty()) return true;
    if (scope == p.plan.underlying || scope == p.plan.strategy) return true;
    const auto it = p.slices.empty() ? orders_.end() : orders_.find(p.slices.front());
    return it != orders_.end() && scope == it->second.body.symbol;
}

void LiveBroker::flatten(std::string_view scope, time::Timestamp at, EventSink& out) {
    now_ = std::max(now_, at);
    const std::string s = scope == "all" ? std::string() : std::string(scope);
    withdraw_held(
        [&](const OrderRequest& r) {
            return s.empty() || s == r.symbol || s == r.underlying || s == r.strategy;
        },
        vocab::WithdrawReason::Kill, out);
    drop_awaiting(s, out);
    std::vector<Position*> closing;
    for (auto& [id, p] : trades_) {
        if (p.done || !in_scope(p, s)) continue;
        if (!p.exiting) p.exiting = vocab::ExitReason::Kill;  // an exit already decided goes on
        closing.push_back(&p);
    }
    // Orders of an older state file that carry no plan: cancelled where they work.
    for (auto& [id, o] : orders_)
        if (!trades_.contains(o.order_id) && is_working(o.progress.state) && !o.cancel_sent &&
            (s.empty() || s == o.body.symbol || s == o.underlying))
            queue_cancel(o);
    start_sweep(vocab::ExitReason::Kill, s, closing, out);
    manage(out);
    send_due(out);
}

// Never sent: taken out of the queue, WITHDRAWN in the state file with the reason, CANCELLED on
// the stream. Every slice of the same request waiting in the queue goes with it.
void LiveBroker::withdraw(LiveOrder& o, vocab::WithdrawReason why, EventSink& out) {
    const auto id = o.update_id();
    // The queue holds the ORDER's other requests under the same id (a cancellation of a slice
    // that works): only placements of orders never sent are withdrawn, the rest goes back.
    for (auto& item : pacer_.withdraw(id)) {
        const auto it = orders_.find(item.request);
        const bool placing = item.endpoint == "placeorder" || item.endpoint == "optionsmultiorder";
        const bool unsent = placing && it != orders_.end() && it->second.progress.state == LiveState::Intent;
        if (!unsent) pacer_.offer_protective(std::move(item));
    }
    for (auto& [cid, other] : orders_) {
        const auto was = other.progress.state;
        if (other.update_id() != id || other.in_flight) continue;
        if (apply(other.progress, Evidence{EvidenceKind::Withdrawn, {}, 0}) != Applied::Moved) continue;
        StateExtras extras;
        extras.withdrawn = why;
        state_.append_state(other.client_id, other.progress.state, other.broker_order_id, 0, extras);
        say(other,
            was == LiveState::Armed
                ? fmt::format("WITHDRAWN ({}): armed on {}, never triggered, never sent", vocab::name(why),
                              other.armed ? other.armed->on.underlying : other.underlying)
                : fmt::format("WITHDRAWN ({}): taken out of the queue, never sent", vocab::name(why)),
            out);
    }
}

// ORDERs held for the start's reconciliation: each request's intent and its withdrawal are
// written (a restart finds them withdrawn), and the ORDER is CANCELLED on the stream.
void LiveBroker::withdraw_held(const std::function<bool(const OrderRequest&)>& which,
                               vocab::WithdrawReason why, EventSink& out) {
    std::vector<Held> keep;
    for (auto& h : held_) {
        if (!which(h.order)) {
            keep.push_back(std::move(h));
            continue;
        }
        held_requests_ -= h.requests;
        for (const auto& r : plan_placeorder(h.order, *instruments_).requests) {
            if (state_.find(r.client_id)) continue;
            StoredOrder stored{r.client_id, h.order.id, r.slice, r.body, LiveState::Intent, {}, 0};
            stored.plan = exit_plan_of(h.order);
            state_.append_intent(stored);
            StateExtras extras;
            extras.withdrawn = why;
            state_.append_state(r.client_id, LiveState::Withdrawn, {}, 0, extras);
        }
        event::Event u;
        u.env.kind = event::Kind::OrderUpdate;
        u.env.timestamp = now_;
        u.env.symbol = h.order.symbol;
        u.env.src = "sos-exec";
        u.env.mode = "live";
        auto& b = u.body.emplace<event::OrderUpdate>();
        b.id = h.order.id;
        b.status = vocab::OrderStatus::Cancelled;
        b.message =
            fmt::format("WITHDRAWN ({}): held for the start's reconciliation, never sent", vocab::name(why));
        out.emit(u);
    }
    held_ = std::move(keep);
}

void LiveBroker::start_sweep(vocab::ExitReason reason, std::string scope,
                             const std::vector<Position*>& closing, EventSink& out) {
    Sweep w;
    w.reason = reason;
    w.scope = std::move(scope);
    for (const auto* p : closing) {
        w.orders.insert(p->order_id);
        for (const auto& cid : p->slices)
            if (auto it = orders_.find(cid); it != orders_.end())
                w.keys.insert(position_key(it->second.body));
    }
    if (reason == vocab::ExitReason::Kill && w.scope.empty())
        for (const auto& [k, q] : known_now())
            w.keys.insert(k);
    alert(reason == vocab::ExitReason::Kill ? "KILL_IN_PROGRESS" : "SQUARE_OFF_IN_PROGRESS",
          fmt::format(
              "{} ({}): {} position(s) to close, entries not sent withdrawn, working orders cancelled; in "
              "progress until the position book confirms",
              sweep_name(reason), w.scope.empty() ? "all" : w.scope, closing.size()),
          out, reason == vocab::ExitReason::Kill ? "warn" : "info");
    sweeps_.push_back(std::move(w));
}

// A sweep whose positions are all closed asks the position book (once per book_every), and so
// does a MARKET exit about to go (live_broker_exits.cpp). One request at a time.
void LiveBroker::check_sweeps(EventSink&) {
    if (sweepbook_in_flight_) return;
    const auto now = ratelimit::Clock::now();
    bool ask = false;
    for (const auto& [id, o] : orders_)
        ask = ask || o.book_want > book_answered_;
    for (auto& w : sweeps_) {
        if (!reading(w) || w.asked || now < w.next_ask) continue;
        bool closed = true;
        for (const auto& id : w.orders)
            if (auto p = trades_.find(id); p != trades_.end()) closed = closed && p->second.done;
        ask = ask || closed;
    }
    if (!ask || !limiter_.try_acquire("positionbook", now).granted ||
        !submit(Call::SweepBook, {}, openalgo::kPositionBookPath,
                openalgo::encode_key_only(options_.key.reveal()), kBookTimeout))
        return;
    sweepbook_in_flight_ = true;
    ++book_asked_;
    for (auto& w : sweeps_) {
        if (!reading(w) || w.asked || now < w.next_ask) continue;
        bool closed = true;
        for (const auto& id : w.orders)
            if (auto p = trades_.find(id); p != trades_.end()) closed = closed && p->second.done;
        w.asked = closed;
    }
}

// Done when, on every key the sweep touched, the broker holds what sos holds (flat where sos
// closed all); a kill of everything also covers what the broker holds that sos does not know.
void LiveBroker::on_sweepbook(const net::HttpResult& r, EventSink& out) {
    std::string why;
    auto rows = r.outcome == net::HttpOutcome::Answered ? openalgo::read_positionbook(r.status, r.body, why)
                                                        : std::nullopt;
    const auto now = ratelimit::Clock::now();
    sweepbook_in_flight_ = false;
    if (!rows) books_failed("position book", r.outcome == net::HttpOutcome::Answered ? why : r.error, out);
    const auto broker = rows ? holdings_of(*rows) : Holdings{};
    if (rows) {
        exit_book_ = broker;
        book_answered_ = book_asked_;
    }
    const auto sos = known_now();
    for (auto& w : sweeps_) {
        if (!w.asked) continue;
        w.asked = false;
        w.next_ask = now + (w.over ? recheck_wait(options_.book_every, w.rechecks) : options_.book_every);
        if (!rows) continue;
        auto keys = w.keys;
        if (w.reason == vocab::ExitReason::Kill && w.scope.empty())
            for (const auto& [k, q] : broker)
                keys.insert(k);
        // A kill of everything leaves nothing held on either side; a scoped one, on the keys it
        // touched, what sos still holds of other scopes.
        const bool all = w.reason == vocab::ExitReason::Kill && w.scope.empty();
        std::string off;
        for (const auto& k : keys)
            if (held(broker, k) != held(sos, k) || (all && held(sos, k) != 0))
                off += fmt::format("{}{}: broker {}, sos {}", off.empty() ? "" : "; ", describe(k),
                                   held(broker, k), held(sos, k));
        const auto name = sweep_name(w.reason);
        const auto scope = w.scope.empty() ? std::string("all") : w.scope;
        if (off.empty()) {
            const auto late = w.over
                                  ? fmt::format(" (after FLAT_UNCONFIRMED, {} read(s) later)", w.rechecks + 1)
                                  : std::string();
            w.over = w.confirmed = true;
            alert(w.reason == vocab::ExitReason::Kill ? "KILL_DONE" : "SQUARE_OFF_DONE",
                  fmt::format("{} ({}): the position book confirms {} key(s) as sos holds them{}", name,
                              scope, keys.size(), late),
                  out, "info");
        } else if (w.over) {
            ++w.rechecks;  // FLAT_UNCONFIRMED stands; the next read waits twice as long
            w.next_ask = now + recheck_wait(options_.book_every, w.rechecks);
        } else if (++w.rounds >= kSweepRounds) {
            w.over = true;
            w.next_ask = now + recheck_wait(options_.book_every, 0);
            alert("FLAT_UNCONFIRMED",
                  fmt::format(
                      "{} ({}): the position book disagrees after {} reads: {}; close it at the broker "
                      "(read again {} times, each wait doubling from {} ms: {} if it agrees)",
                      name, scope, w.rounds, off, kRechecks, recheck_wait(options_.book_every, 0).count(),
                      w.reason == vocab::ExitReason::Kill ? "KILL_DONE" : "SQUARE_OFF_DONE"),
                  out, "crit");
        }
    }
}

}  // namespace sos::broker::live
