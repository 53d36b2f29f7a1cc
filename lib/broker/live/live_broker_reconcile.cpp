// The live broker's reconciliation at every start (issue 15): new ORDERs wait until the order
// book and trade book have settled what the state file left open and the position book agrees
// with what sos holds (the state file, the journal's history: reconcile.hpp). A mismatch refuses
// entries, not exits, until the operator accepts the broker's positions.
#include <fmt/format.h>

#include "broker/live/live_broker.hpp"
#include "broker/live/place_plan.hpp"
#include "broker/live/position_line.hpp"
#include "broker/order_convert.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

constexpr std::chrono::milliseconds kBookTimeout{10000};
constexpr int kMaxRounds = 3;  // books read again while an open order may explain a mismatch

PositionKey key_of(const openalgo::PlaceOrder& r) {
    return PositionKey{r.symbol, std::string(vocab::name(r.exchange)), r.product};
}

// An ORDER_UPDATE for an ORDER that never became a request (held, or refused).
event::Event order_update(const OrderRequest& order, time::Timestamp at, vocab::OrderStatus status,
                          std::string message) {
    event::Event u;
    u.env.kind = event::Kind::OrderUpdate;
    u.env.timestamp = at;
    u.env.symbol = order.symbol;
    u.env.src = "sos-exec";
    u.env.mode = "live";
    auto& b = u.body.emplace<event::OrderUpdate>();
    b.id = order.id;
    b.status = status;
    b.message = std::move(message);
    return u;
}

}  // namespace

void LiveBroker::restore(const event::Event& e) {
    if (e.env.kind == event::Kind::Order) {
        std::string why;
        const auto req = to_request(e, why);
        if (!req) return;
        const auto plan = plan_placeorder(*req, *instruments_);
        if (!plan.requests.empty()) history_.order(req->id, key_of(plan.requests.front().body));
        return;
    }
    if (const auto* f = e.as<event::Fill>(); f && e.env.mode == "live")
        history_.fill(f->order_id, f->side, f->qty, e.env.symbol);
}

// `resume` addressed to sos-exec by name: the operator accepts the broker's positions. An
// unaddressed resume (sos-risk's pause) does not: accepting is a deliberate act.
void LiveBroker::control(const event::Control& c, time::Timestamp at, EventSink& out) {
    // A pause (sos-risk's own too: it holds new entries) withdraws the entries still armed here.
    if (c.command == "pause" && (event::addressed_to(c, "sos-exec") || c.target == "sos-risk")) {
        now_ = std::max(now_, at);
        return pause_armed(c.scope, out);
    }
    if (c.command != "resume" || c.target != "sos-exec" || gate_ == Gate::Open) return;
    now_ = std::max(now_, at);
    accept_pending_ = true;
    positions_.reset();
    next_books_ = {};  // the books and the position book at once
}

bool LiveBroker::needs_round() const {
    return !positions_ && (gate_ == Gate::Checking || accept_pending_);
}

void LiveBroker::ask_positions() {
    if (!limiter_.try_acquire("positionbook", ratelimit::Clock::now()).granted ||
        !submit(Call::PositionBook, {}, openalgo::kPositionBookPath,
                openalgo::encode_key_only(options_.key.reveal()), kBookTimeout))
        return;  // asked again with the next round of books
    books_in_flight_ = true;
}

void LiveBroker::on_positionbook(const net::HttpResult& r, EventSink& out) {
    books_in_flight_ = false;
    std::string why;
    auto rows = r.outcome == net::HttpOutcome::Answered ? openalgo::read_positionbook(r.status, r.body, why)
                                                        : std::nullopt;
    if (!rows) {
        books_failed("position book", r.outcome == net::HttpOutcome::Answered ? why : r.error, out);
        return;
    }
    positions_ = std::move(*rows);
    decide(out);
}

// What sos holds now: the state file's positions, and the journal's history for keys the state
// file has no record of. After an acceptance the history is older than the broker's word, and
// not used.
Holdings LiveBroker::known_now() const {
    static const Holdings none;
    return known_positions(state_.positions(), state_.position_keys(),
                           state_.has_acceptance() ? none : history_.positions());
}

void LiveBroker::decide(EventSink& out) {
    if (!positions_ || !history_over_) return;
    const auto broker = holdings_of(*positions_);
    if (accept_pending_) {
        accept_pending_ = false;
        state_.append_accept(broker);
        gate_ = Gate::Open;
        write_positions(compare_positions(broker, broker), "accepted", out);
        alert("RECONCILE_ACCEPTED", "the broker's positions are accepted (CONTROL resume): new entries go",
              out, "info");
        release_held(out);
        return;
    }
    if (gate_ != Gate::Checking) return;
    const auto checks = compare_positions(broker, known_now());
    const bool agree = all_agree(checks);
    // A fill between the trade book's read and the position book's shows in one only: an order
    // still open on a key that differs may explain it, so the books are read again first.
    bool open_on_mismatch = false;
    for (const auto& c : checks)
        for (const auto& [id, o] : orders_)
            open_on_mismatch |= c.verdict != PositionVerdict::Agrees && !is_final(o.progress.state) &&
                                o.progress.state != LiveState::Armed && key_of(o.body) == c.key;
    if (!agree && open_on_mismatch && rounds_ < kMaxRounds) {
        ++rounds_;
        positions_.reset();
        return;
    }
    write_positions(checks, {}, out);
    gate_ = agree ? Gate::Open : Gate::Refusing;
    if (!agree)
        alert(
            "RECONCILE_MISMATCH",
            describe_mismatches(checks) +
                "; new entries are refused (exits of known positions still go) until the broker's "
                "positions are accepted: CONTROL resume for sos-exec, or sos-exec reconcile --accept-broker",
            out, "crit");
    release_held(out);
}

bool LiveBroker::gate_allows(const OrderRequest& order, EventSink& out) {
    if (gate_ == Gate::Open) return true;
    const auto plan = plan_placeorder(order, *instruments_);
    if (plan.requests.empty()) return true;  // refused by place_now, with its reason
    bool placed_before = true;
    for (const auto& r : plan.requests)
        placed_before = placed_before && (state_.find(r.client_id) || orders_.contains(r.client_id));
    if (placed_before) return false;  // never twice, and nothing to say about it
    if (gate_ == Gate::Checking) return hold(order, plan.requests.size(), out);
    if (reduces_known(known_now(), key_of(plan.requests.front().body), order.side, order.qty)) return true;
    refuse(order, "RECONCILE_MISMATCH",
           "new entries are refused until the broker's positions are accepted (CONTROL resume for "
           "sos-exec, or sos-exec reconcile --accept-broker); nothing sent",
           out);
    return false;
}

// An ORDER that comes while the start's reconciliation runs waits in the order queue's room:
// what waits for reconciliation and what waits for the rate budget share --order-queue, so the
// bound holds from the first line (nothing is written to the state file for it yet: it may be
// refused once the position book has been read).
bool LiveBroker::hold(const OrderRequest& order, std::size_t requests, EventSink& out) {
    const std::size_t waiting = held_requests_ + pacer_.queue().entries();
    if (waiting + requests > options_.queue_capacity) {
        orderqueue::Draining why;
        why.reconciling = true;
        refuse(order, orderqueue::kQueueFull,
               orderqueue::queue_full_detail(waiting, options_.queue_capacity, requests, why), out);
        return false;
    }
    held_.push_back({order, requests});
    held_requests_ += requests;
    out.emit(order_update(order, now_, vocab::OrderStatus::Pending,
                          "held: the start's reconciliation with the broker's books is not done yet"));
    return false;
}

void LiveBroker::release_held(EventSink& out) {
    auto held = std::move(held_);
    held_.clear();
    held_requests_ = 0;
    for (const auto& h : held)
        place(h.order, out);
    fire_crossed(out);
}

// POSITION lines from the position book, one per key either side holds (position_line.hpp).
void LiveBroker::write_positions(const std::vector<PositionCheck>& checks, std::string_view verdict,
                                 EventSink& out) {
    for (const auto& c : checks) {
        const std::string_view v = !verdict.empty()                       ? verdict
                                   : c.verdict == PositionVerdict::Agrees ? std::string_view("adopted")
                                                                          : std::string_view("mismatch");
        out.emit_line("POSITION",
                      position_line(c, row_of(*positions_, c.key), v, options_.broker_name, now_));
    }
}

}  // namespace sos::broker::live
