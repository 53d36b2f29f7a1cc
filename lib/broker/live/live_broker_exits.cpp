// The live broker's exits (docs/decisions.md "Exits live"): each ORDER's position, the exchange
// stop that protects what its entry slices hold, and the exits the candles decide.
//
// What a slice holds is what its entry filled minus what its exit-side orders filled, all from
// the trade book. While it holds something and no exit is decided, an SL-M at the exchange
// covers exactly that (placed, then resized or moved by modifyorder). Once an exit is decided
// (target, stop, trail, square-off, kill), the rest of the entry is cancelled, and the exchange
// stop, if working, becomes the exit: modified to MARKET. Only when no stop can fill any more
// (none, or the book says it is cancelled, filled or rejected) does a MARKET exit go, for what
// the trade book says is still held. So a stop that fills while the exit is decided or in flight
// is the exit (a modify of a filled order is refused, and the book says it filled); nothing
// ever closes a position twice.
#include <fmt/format.h>

#include "broker/live/client_order_id.hpp"
#include "broker/live/live_broker.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

bool same_series(const ExitPlan& plan, const event::Event& e, const event::Candle& k) {
    return plan.underlying == e.env.symbol && plan.tf.seconds == k.tf.seconds;
}

ExitBar bar_of(const event::Candle& k) {
    using money::Paise;
    return {Paise::from_price(k.o), Paise::from_price(k.h), Paise::from_price(k.l), Paise::from_price(k.c)};
}

}  // namespace

void LiveBroker::open_position(const OrderRequest& order, const std::vector<std::string>& slices) {
    auto& p = trades_[order.id];
    p.order_id = order.id;
    p.plan = exit_plan_of(order);
    p.product = order.product;
    p.slices.insert(p.slices.end(), slices.begin(), slices.end());
    // A structure's stop is a level of its underlying, never an exchange stop on a leg.
    p.protect = order.sl.has_value() && order.trigger_on_traded() && order.legs.empty();
    p.sl = order.sl;
    if (options_.calendar) p.day = options_.calendar->local_date(order.at);
    p.placed = order.at;
}

// After a restart: each ORDER whose entries the state file holds with their plan is a position
// again, its stop as the exchange has it; ORDERs with nothing left to do are forgotten (their
// orders final, nothing held).
void LiveBroker::adopt_positions() {
    for (const auto& [id, s] : state_.orders()) {
        if (s.role != OrderRole::Entry || !s.plan) continue;
        auto& p = trades_[s.order_id];
        p.order_id = s.order_id;
        p.plan = *s.plan;
        p.product = s.request.product;
        p.slices.push_back(id);
        p.protect = s.plan->sl.has_value() && s.plan->underlying == s.request.symbol;
        p.sl = s.plan->sl;
        if (s.filled_qty > 0) p.opened = time::Timestamp{};  // every candle from now on counts
    }
    for (auto& [id, o] : orders_)
        if (o.role == OrderRole::Stop && !is_final(o.progress.state) && o.body.trigger_price)
            if (auto p = trades_.find(o.order_id); p != trades_.end()) p->second.sl = o.body.trigger_price;
    std::set<std::string, std::less<>> alive;
    for (auto& [id, p] : trades_) {
        bool busy = false;
        for (const auto& cid : p.slices) {
            const auto& entry = orders_.at(cid);
            busy = busy || !is_final(entry.progress.state) || held_by(entry) != 0;
            for (const auto* c : children(cid, OrderRole::Stop))
                busy = busy || !is_final(c->progress.state);
            for (const auto* c : children(cid, OrderRole::Exit))
                busy = busy || !is_final(c->progress.state);
        }
        p.done = !busy;
        if (busy) alive.insert(id);
    }
    std::erase_if(trades_, [&](const auto& kv) { return kv.second.done; });
    std::erase_if(orders_, [&](const auto& kv) {
        return is_final(kv.second.progress.state) && !alive.contains(kv.second.order_id);
    });
}

// By the trade book: its fills are written before the order book's next status moves the
// order, and a candle in between must see them (a target reached right after the fill).
std::int64_t LiveBroker::filled_of(const LiveOrder& o) const {
    const auto seen = o.broker_order_id.empty() ? 0 : fills_.filled(o.broker_order_id);
    return std::max(o.progress.filled_qty, seen);
}

std::int64_t LiveBroker::held_by(const LiveOrder& entry) const {
    std::int64_t held = filled_of(entry);
    for (const auto& [id, o] : orders_)
        if (o.role != OrderRole::Entry && o.parent == entry.client_id) held -= filled_of(o);
    return held;
}

std::vector<LiveOrder*> LiveBroker::children(const std::string& entry, OrderRole role) {
    std::vector<LiveOrder*> out;
    for (auto& [id, o] : orders_)
        if (o.role == role && o.parent == entry) out.push_back(&o);
    return out;
}

void LiveBroker::note_fill(const LiveOrder& o, std::int64_t qty, money::Paise price, time::Timestamp at) {
    auto& live = orders_.at(o.client_id);
    live.filled_value += price * qty;
    marks_.price(o.body.symbol, price);  // the latest price sos knows of it
    marks_.touch(o.body.symbol, at);
    if (o.role != OrderRole::Entry) return;
    if (auto p = trades_.find(o.order_id); p != trades_.end() && !p->second.opened) p->second.opened = at;
}

void LiveBroker::manage(EventSink& out) {
    for (auto& [id, p] : trades_) {
        if (p.done) continue;
        if (p.plan.structure) check_structure(p, out);  // live_broker_structure.cpp
        for (const auto& cid : p.slices)
            if (auto it = orders_.find(cid); it != orders_.end()) manage_slice(p, it->second, out);
        close_if_done(p, out);
    }
}

void LiveBroker::manage_slice(Position& p, LiveOrder& entry, EventSink& out) {
    const std::int64_t held = held_by(entry);
    if (!p.exiting) {
        // The exchange stop filled (the price went through it) while more of the entry filled:
        // the stop's exit is decided, the rest goes at market.
        for (const auto* s : children(entry.client_id, OrderRole::Stop))
            if (s->progress.state == LiveState::Filled && held > 0)
                p.exiting = p.sl != p.plan.sl ? vocab::ExitReason::Trail : vocab::ExitReason::Sl;
    }
    if (p.exiting) return exit_slice(p, entry, held, out);
    protect_slice(p, entry, held, out);
}

// The safety net: an SL-M at the exchange for exactly what the slice holds, at the stop as it
// stands. A modification the broker refused is not asked again: the stop stays as it was.
void LiveBroker::protect_slice(Position& p, LiveOrder& entry, std::int64_t held, EventSink& out) {
    const auto stops = children(entry.client_id, OrderRole::Stop);
    LiveOrder* stop = stops.empty() ? nullptr : stops.front();
    if (stop && is_final(stop->progress.state) && stop->progress.state != LiveState::Filled && held > 0 &&
        !p.stop_alerted) {
        p.stop_alerted = true;
        alert("STOP_FAILED",
              fmt::format("the exchange stop of {} ({}) is {}: {} held with the local stop only", p.order_id,
                          stop->client_id, vocab::name(stop->progress.state), held),
              out);
    }
    if (!p.protect || !p.sl) return;
    if (!stop) {
        if (held > 0) place_child(p, entry, OrderRole::Stop, held, out);
        return;
    }
    if (!is_working(stop->progress.state) || stop->modify_sent) return;
    if (held <= 0) {
        if (!stop->cancel_sent) queue_cancel(*stop);  // nothing to protect: it must not open a position
        return;
    }
    const auto tick = instruments_->tick_of(entry.body.symbol);
    const Modification m{stop->progress.filled_qty + held, vocab::OrderType::SlM,
                         stop_on_tick(*p.sl, tick, p.plan.long_underlying)};
    const Modification now{stop->progress.qty, stop->body.pricetype, stop->body.trigger_price};
    if (m == now || stop->modify_wanted == m || stop->modify_refused == m) return;
    want_modify(*stop, m);
}

// An exit decided: the rest of the entry goes first; the exchange stop becomes the exit, or, if
// none can fill, a MARKET order for what is held.
void LiveBroker::exit_slice(Position& p, LiveOrder& entry, std::int64_t held, EventSink& out) {
    const auto why =
        *p.exiting == vocab::ExitReason::Eod ? vocab::WithdrawReason::Eod : vocab::WithdrawReason::Kill;
    if ((entry.progress.state == LiveState::Intent || entry.progress.state == LiveState::Armed) &&
        !entry.in_flight)
        withdraw(entry, why, out);
    else if (is_working(entry.progress.state) && !entry.cancel_sent)
        queue_cancel(entry);
    for (auto* stop : children(entry.client_id, OrderRole::Stop)) {
        if (is_final(stop->progress.state)) continue;
        if (stop->progress.state == LiveState::Intent && !stop->in_flight) {
            withdraw(*stop, why, out);
            continue;
        }
        if (!is_working(stop->progress.state) || stop->modify_sent) return;  // the book will say
        if (held <= 0 || (stop->modify_refused && stop->modify_refused->to_market())) {
            if (!stop->cancel_sent) queue_cancel(*stop);  // then a MARKET exit, once the book says cancelled
            return;
        }
        const Modification market{stop->progress.qty, vocab::OrderType::Market, std::nullopt};
        if (!stop->used_as_exit && stop->modify_wanted != market) want_modify(*stop, market);
        return;
    }
    if (held <= 0) return;
    if (p.plan.structure && entry.body.action == vocab::Side::Buy && shorts_held(p)) return;  // shorts first
    for (const auto* x : children(entry.client_id, OrderRole::Exit))
        if (!is_final(x->progress.state)) return;  // one exit at a time: its fills say what is left
    // No stop can fill any more: the position book, read after that, decides how much is still
    // there to close (a stop filled, the broker's own square-off, a hand at the broker's app).
    if (entry.book_want == 0) entry.book_want = book_asked_ + 1;
    if (book_answered_ < entry.book_want) return;
    entry.book_want = 0;
    const auto there = live::held(exit_book_, position_key(entry.body)) * vocab::sign(entry.body.action);
    const auto qty = std::min(held, std::max<std::int64_t>(there, 0));
    if (qty > 0) return place_child(p, entry, OrderRole::Exit, qty, out);
    p.done = true;                          // nothing of it at the broker: closed outside sos
    marks_.touch(entry.body.symbol, now_);  // sos holds nothing there any more
    alert(
        "EXIT_NOT_SENT",
        fmt::format("{} ({}): sos holds {} of {} but the position book has {} there: closed outside sos (the "
                    "broker's square-off, by hand); nothing sent. Accept the broker's positions once checked",
                    p.order_id, vocab::name(*p.exiting), held, entry.body.symbol, there),
        out, "crit");
}

// An exit-side order: intent synced first, like every order, then queued in the protective lane.
void LiveBroker::place_child(const Position& p, const LiveOrder& entry, OrderRole role, std::int64_t qty,
                             EventSink& out) {
    const auto n = children(entry.client_id, OrderRole::Exit).size();
    // A structure's legs share their ORDER and slice: each leg's exits are named after the leg.
    const auto& owner = p.plan.structure ? entry.client_id : p.order_id;
    const auto base = role == OrderRole::Stop ? owner + "/stop" : fmt::format("{}/exit{}", owner, n);
    const auto cid = *client_order_id(base, entry.slice);
    if (state_.find(cid) || orders_.contains(cid)) return;  // never twice
    LiveOrder o;
    o.client_id = cid;
    o.order_id = p.order_id;
    o.underlying = entry.underlying;
    o.slice = entry.slice;
    o.role = role;
    o.parent = entry.client_id;
    o.body = entry.body;
    o.body.strategy = cid;
    o.body.action = vocab::opposite(entry.body.action);
    o.body.quantity = qty;
    o.body.price.reset();
    o.body.trigger_price.reset();
    o.body.pricetype = vocab::OrderType::Market;
    if (role == OrderRole::Stop) {
        o.body.pricetype = vocab::OrderType::SlM;
        o.body.trigger_price =
            stop_on_tick(*p.sl, instruments_->tick_of(entry.body.symbol), p.plan.long_underlying);
    }
    o.progress = {LiveState::Intent, qty, 0};
    StoredOrder stored{o.client_id, o.order_id, o.slice, o.body, LiveState::Intent, {}, 0};
    stored.role = role;
    stored.parent = entry.client_id;
    state_.append_intent(stored);
    say(o,
        role == OrderRole::Stop
            ? fmt::format(
                  "INTENT: the exchange stop, SL-M trigger {} for the {} held, synced to the state file",
                  o.body.trigger_price->to_string(), qty)
            : fmt::format("INTENT: exit ({}) of the {} held at MARKET, synced to the state file",
                          vocab::name(*p.exiting), qty),
        out);
    auto& placed = orders_.emplace(cid, std::move(o)).first->second;
    pacer_.offer_protective(queued_place(placed));
}

// The position is closed (every order final, nothing held): EXIT at the average price of its
// exit-side fills, the P&L from the trade book's prices (the broker's charges are not known here).
void LiveBroker::close_if_done(Position& p, EventSink& out) {
    std::int64_t in = 0, outq = 0;
    money::Paise out_value{0}, pnl{0};  // P&L per entry slice, by its own side (a structure's legs)
    std::vector<std::pair<std::string, money::Paise>> realized;  // each slice's, for its symbol's marks
    bool by_stop = false;
    const LiveOrder* first = nullptr;
    for (const auto& cid : p.slices) {
        const auto& entry = orders_.at(cid);
        if (!is_final(entry.progress.state)) return;
        first = first ? first : &entry;
        in += entry.progress.filled_qty;
        money::Paise closed{0};
        for (const auto& [id, o] : orders_) {
            if (o.role == OrderRole::Entry || o.parent != cid) continue;
            // A modification awaiting its answer decides whose fill it was: the stop's own (the
            // modify is then refused) or the exit's (acknowledged).
            if (!is_final(o.progress.state) || o.modify_sent) return;
            outq += o.progress.filled_qty;
            closed += o.filled_value;
            by_stop = by_stop || (o.role == OrderRole::Stop && o.progress.filled_qty > 0 && !o.used_as_exit);
        }
        out_value += closed;
        const auto slice_pnl =
            entry.body.action == vocab::Side::Buy ? closed - entry.filled_value : entry.filled_value - closed;
        pnl += slice_pnl;
        realized.emplace_back(entry.body.symbol, slice_pnl);
    }
    if (in != outq || first == nullptr) return;  // still held: the exits go on
    p.done = true;
    if (outq == 0) return;  // nothing filled: nothing to close
    for (const auto& [symbol, slice_pnl] : realized) {
        marks_.realize(symbol, slice_pnl, now_);
        marks_.touch(symbol, now_);
    }
    const bool trailed = p.sl != p.plan.sl;
    auto reason = p.exiting.value_or(vocab::ExitReason::Sl);
    if (by_stop && (!p.exiting || *p.exiting == vocab::ExitReason::Tp))
        reason = trailed ? vocab::ExitReason::Trail : vocab::ExitReason::Sl;  // the exchange's stop did it
    event::Event e;
    e.env.kind = event::Kind::Exit;
    e.env.timestamp = now_;
    e.env.symbol = p.plan.structure ? p.plan.underlying : first->body.symbol;
    e.env.src = "sos-exec";
    e.env.mode = "live";
    auto& x = e.body.emplace<event::Exit>();
    x.order_id = p.order_id;
    x.reason = reason;
    x.qty = outq;
    x.price = static_cast<double>(out_value.value) / static_cast<double>(outq) / 100.0;
    x.pnl = pnl.rupees();
    out.emit(e);
}

// Stop, target and trail on the underlying's candles, as the paper broker decides them; the
// square-off of intraday positions (and of their entries still working) on the day's
// square-off candle.
void LiveBroker::exits_on_candle(const event::Event& e, EventSink& out) {
    const auto& k = *e.as<event::Candle>();
    const auto open = e.time();
    const auto close = open.plus_seconds(k.tf.seconds);
    auto& last = last_close_[{e.env.symbol, k.tf.seconds}];
    const std::optional<time::Timestamp> previous =
        last == time::Timestamp{} ? std::nullopt : std::optional(last);
    last = std::max(last, close);
    const bool square =
        options_.calendar &&
        square_off_candle(*options_.calendar, options_.square_off_seconds, open, close, previous);
    // A day whose candles ended before its square-off: its intraday positions are squared off
    // at the next day's first candle, as the paper broker decides (at market, live).
    const auto today = options_.calendar ? options_.calendar->local_date(open) : time::Date{};
    const bool new_day = options_.calendar && previous && options_.calendar->local_date(*previous) < today;
    const ExitBar bar = bar_of(k);
    std::vector<Position*> eod;
    for (auto& [id, p] : trades_) {
        if (p.done || !same_series(p.plan, e, k)) continue;
        std::int64_t held = 0;
        for (const auto& cid : p.slices)
            held += held_by(orders_.at(cid));
        const ExitLevels levels{p.plan.long_underlying, p.sl, p.plan.tp, p.sl != p.plan.sl};
        if (!p.exiting && held > 0 && p.opened && open >= *p.opened) p.exiting = exit_on(levels, bar);
        if ((square || (new_day && p.day < today)) && !p.exiting && vocab::intraday(p.product)) {
            p.exiting = vocab::ExitReason::Eod;
            eod.push_back(&p);
        }
        if (!p.exiting && p.plan.trail && p.sl && held > 0)
            if (auto moved = trailed_stop(levels, *p.plan.trail, p.best, bar.c)) p.sl = *moved;
    }
    if (square || new_day)
        withdraw_held(
            [&](const OrderRequest& r) {
                return vocab::intraday(r.product) && exit_plan_of(r).underlying == e.env.symbol &&
                       (square || options_.calendar->local_date(r.at) < today);
            },
            vocab::WithdrawReason::Eod, out);
    if (!eod.empty()) start_sweep(vocab::ExitReason::Eod, {}, eod, out);
}

}  // namespace sos::broker::live
