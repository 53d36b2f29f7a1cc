#include "broker/live/live_broker.hpp"

#include <fmt/format.h>

#include "broker/live/place_plan.hpp"
#include "broker/order_refusal.hpp"
#include "event/order_parts.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

event::Event envelope(event::Kind kind, time::Timestamp at, std::string symbol) {
    event::Event e;
    e.env.kind = kind;
    e.env.timestamp = at;
    e.env.symbol = std::move(symbol);
    e.env.src = "sos-exec";
    e.env.mode = "live";
    return e;
}

// An order the state file knows and that is not settled: tracked again after a restart. One
// whose answer never came (or was never sent: the intent is synced before the send, so it may
// have left) is UNKNOWN: only the book settles it. One still ARMED never left: it is armed
// again, watching its underlying until its expiry.
LiveOrder adopted(const StoredOrder& s) {
    LiveOrder o;
    o.client_id = s.client_id;
    o.order_id = s.order_id;
    o.slice = s.slice;
    o.role = s.role;
    o.parent = s.parent;
    o.body = s.request;
    o.broker_order_id = s.broker_order_id;
    o.progress = {s.state, s.request.quantity, s.filled_qty};
    o.filled_value = s.filled_value;
    if (s.plan) o.underlying = s.plan->underlying;
    o.armed = s.armed;
    o.resolved = s.resolved;
    if (s.armed) o.expires = s.armed->until;
    if (s.state == LiveState::Intent || s.state == LiveState::Sent) o.progress.state = LiveState::Unknown;
    return o;
}

}  // namespace

LiveBroker::LiveBroker(LiveOptions options, std::shared_ptr<const instrument::Registry> instruments)
    : options_(std::move(options)),
      instruments_(std::move(instruments)),
      state_(options_.state_path),
      limiter_(options_.limits),
      pacer_(options_.queue_capacity, limiter_),
      marks_(options_.calendar) {
    for (const auto& [id, s] : state_.orders()) {
        if (!s.broker_order_id.empty()) claimed_.insert(s.broker_order_id);
        auto o = adopted(s);
        if (!o.broker_order_id.empty()) fills_.seed(o.broker_order_id, s.filled_qty);
        orders_.emplace(id, std::move(o));
    }
    adopt_positions();  // and forgets the orders of ORDERs with nothing left to do
    http_ = std::make_unique<net::HttpClient>(
        net::HttpOptions{.base_url = options_.rest, .on_ready = options_.wake});
    if (!options_.ws.empty())
        stream_ = std::make_unique<OrderStream>(
            OrderStreamOptions{.url = options_.ws, .key = options_.key, .on_ready = options_.wake});
}

LiveBroker::~LiveBroker() = default;

void LiveBroker::place(const OrderRequest& order, EventSink& out) {
    now_ = std::max(now_, order.at);
    if (gate_allows(order, out)) place_now(order, out);
}

void LiveBroker::place_now(const OrderRequest& order, EventSink& out) {
    if (!order.legs.empty()) return place_structure(order, out);  // live_broker_structure.cpp
    auto plan = plan_placeorder(order, *instruments_);
    if (plan.requests.empty()) {
        out.emit(order_refused(order.id, order.at, order.symbol, mode(), plan.refusal));
        return;
    }
    // Triggered on its underlying: armed, watched by sos-exec, queued only once it triggers.
    const bool armed = plan.requests.front().on.has_value();
    std::vector<PlannedRequest> fresh;
    std::vector<Queued> queued;
    for (auto& r : plan.requests) {
        if (state_.find(r.client_id) || orders_.contains(r.client_id)) continue;  // never twice
        if (!armed)
            queued.push_back(Queued{order.id, orderqueue::RequestKind::Entry, "placeorder", r.client_id, 0});
        fresh.push_back(std::move(r));
    }
    // The whole ORDER waits in the queue, or none of it: nothing is written for a refused one.
    if (auto refusal = pacer_.offer_entry(std::move(queued), ratelimit::Clock::now()))
        return refuse(order, refusal->reason, refusal->detail, out);
    const ExitPlan exits = exit_plan_of(order);
    std::vector<std::string> slices;
    for (auto& r : fresh) {
        LiveOrder o;
        o.client_id = r.client_id;
        o.order_id = order.id;
        o.underlying = order.underlying;
        o.slice = r.slice;
        o.body = r.body;
        o.progress = {armed ? LiveState::Armed : LiveState::Intent, r.body.quantity, 0};
        o.expires = order.at.plus_seconds(std::int64_t{options_.entry_valid_bars} * order.tf.seconds);
        if (armed) o.armed = ArmedEntry{*r.on, order.tf, order.at, *o.expires};
        // Durable before anything can leave: a StateError here stops sos-exec (78), unsent.
        StoredOrder stored{o.client_id, o.order_id, o.slice, o.body, LiveState::Intent, {}, 0};
        stored.plan = exits;
        stored.armed = o.armed;
        state_.append_intent(stored);
        say(o, armed ? armed_message(o) : "INTENT: synced to the state file", out);
        slices.push_back(o.client_id);
        orders_.emplace(o.client_id, std::move(o));
    }
    if (!slices.empty()) open_position(order, slices);
    send_due(out);
}

// An entry past its expiry: cancelled at the broker (keeping what filled) when it works there,
// withdrawn when it still waits in the queue (never sent); an ORDER still held for the start's
// reconciliation is withdrawn too. Then the exits this candle decides.
void LiveBroker::on_market(const event::Event& e, EventSink& out) {
    if (e.env.kind != event::Kind::Candle) {
        mark_on_market(e);  // an option chain's prices
        write_marks(out);
        return;
    }
    now_ = std::max(now_, e.time());
    for (auto& [id, o] : orders_) {
        if (o.role != OrderRole::Entry || !o.expires || e.time() < *o.expires) continue;
        if (e.env.symbol != o.body.symbol && e.env.symbol != o.underlying) continue;
        if (o.progress.state == LiveState::Intent && !o.in_flight)
            withdraw(o, vocab::WithdrawReason::Expired, out);
        else if (is_working(o.progress.state) && !o.cancel_sent)
            queue_cancel(o);
    }
    const auto t = e.time();
    withdraw_held(
        [&](const OrderRequest& r) {
            const auto& u = r.underlying.empty() ? r.symbol : r.underlying;
            return (e.env.symbol == r.symbol || e.env.symbol == u) &&
                   t >= r.at.plus_seconds(std::int64_t{options_.entry_valid_bars} * r.tf.seconds);
        },
        vocab::WithdrawReason::Expired, out);
    exits_on_candle(e, out);
    watch_armed(e, out);
    manage(out);
    send_due(out);
    mark_on_market(e);
    write_marks(out);
}

void LiveBroker::reconcile(time::Timestamp at, EventSink& out) {
    now_ = std::max(now_, at);
    for (const auto& [id, o] : orders_)
        if (o.progress.state == LiveState::Armed)
            say(o, "re-armed from the state file; " + armed_message(o), out);
        else if (!is_final(o.progress.state))  // a final one is kept for its position only
            say(o,
                fmt::format("{}: adopted from the state file, settled from the broker's books",
                            vocab::name(o.progress.state)),
                out);
    history_over_ = true;
    decide(out);  // when the position book has answered already
}

void LiveBroker::poll(EventSink& out) {
    http_->drain([&](net::HttpResult&& r) { on_result(std::move(r), out); });
    fire_followers(out);
    service_stream(out);
    send_due(out);
    ask_expiries();
    if (!books_in_flight_ && (unsettled() || needs_round()) && ratelimit::Clock::now() >= next_books_)
        ask_books();
    manage(out);
    check_sweeps(out);
    send_due(out);
    write_marks(out);
}

bool LiveBroker::move(LiveOrder& o, const Evidence& ev, std::string message, EventSink& out) {
    if (apply(o.progress, ev) != Applied::Moved) return false;
    record(o);
    say(o, std::move(message), out);
    return true;
}

void LiveBroker::record(const LiveOrder& o) {
    StateExtras extras;
    extras.filled_value = o.filled_value;
    if (o.progress.qty != o.body.quantity) extras.quantity = o.progress.qty;
    if (o.resolved) extras.symbol = o.body.symbol;  // the option OpenAlgo placed
    state_.append_state(o.client_id, o.progress.state, o.broker_order_id, o.progress.filled_qty, extras);
}

void LiveBroker::say(const LiveOrder& o, std::string message, EventSink& out) {
    auto u = envelope(event::Kind::OrderUpdate, now_, o.body.symbol);
    auto& b = u.body.emplace<event::OrderUpdate>();
    b.id = reported_id(o);
    b.broker_order_id = o.broker_order_id;
    b.status = reported_status(o.progress.state);
    b.filled_qty = o.progress.filled_qty;
    b.message = fmt::format("{} [{} slice {}]", message, o.client_id, o.slice);
    out.emit(u);
}

// An entry part (a freeze slice, a structure's leg) that ended with nothing speaks for its ORDER
// only when it is the ORDER's last word: no other part still on its way (intent, sent, working,
// unknown) nor holding a fill. Otherwise its end is said under its part id (event/order_parts.hpp),
// so sos-risk keeps the ORDER's reservation for the parts that go on, and counts one rejection
// when every part is refused (the last one's REJECTED, under the ORDER's id).
std::string LiveBroker::reported_id(const LiveOrder& o) const {
    if (o.role != OrderRole::Entry || !is_final(o.progress.state) || o.progress.filled_qty > 0)
        return o.update_id();
    for (const auto& [cid, other] : orders_)
        if (&other != &o && other.role == OrderRole::Entry && other.order_id == o.order_id &&
            (!is_final(other.progress.state) || other.progress.filled_qty > 0))
            return event::part_update_id(o.order_id, o.client_id);
    return o.update_id();
}

// An ORDER not taken (the queue is full): ORDER_UPDATE REJECTED, which frees what sos-risk
// reserved for it, and REJECT with the reason code for the journal's rejects.
void LiveBroker::refuse(const OrderRequest& order, const std::string& reason, const std::string& detail,
                        EventSink& out) {
    out.emit(order_refused(order.id, order.at, order.symbol, mode(),
                           fmt::format("{}: {} ({})", reason, detail, options_.broker_name)));
    auto r = envelope(event::Kind::Reject, order.at, order.symbol);
    auto& j = r.body.emplace<event::Reject>();
    j.stage = "exec";
    j.ref = order.id;
    j.reason = reason;
    j.detail = fmt::format("{}: {}", options_.broker_name, detail);
    out.emit(r);
}

void LiveBroker::alert(std::string code, std::string message, EventSink& out, std::string_view level) {
    auto a = envelope(event::Kind::Alert, now_, {});
    auto& b = a.body.emplace<event::Alert>();
    b.level = std::string(level);
    b.code = std::move(code);
    b.message = fmt::format("{}: {}", options_.broker_name, message);
    b.tool = "sos-exec";
    out.emit(a);
}

LiveOrder* LiveBroker::find_by_broker_id(std::string_view id) {
    if (id.empty()) return nullptr;
    for (auto& [cid, o] : orders_)
        if (o.broker_order_id == id) return &o;
    return nullptr;
}

bool LiveBroker::unsettled() const {
    for (const auto& [id, o] : orders_)
        if (!is_final(o.progress.state) && o.progress.state != LiveState::Intent &&
            o.progress.state != LiveState::Armed)
            return true;
    return false;
}

std::string LiveBroker::masked(std::string text) const {
    options_.key.mask_in(text);
    return text;
}

}  // namespace sos::broker::live
