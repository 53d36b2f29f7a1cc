#include "broker/paper/paper_broker.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "broker/order_convert.hpp"
#include "broker/paper/paper_market.hpp"
#include "broker/paper/paper_reconcile.hpp"
#include "broker/paper/paper_state.hpp"
#include "time/civil.hpp"

namespace sos::broker {

using namespace paper;

struct PaperBroker::State : Book {};

PaperBroker::PaperBroker(PaperConfig config) : s_(std::make_unique<State>()) {
    s_->cfg = std::move(config);
}
PaperBroker::~PaperBroker() = default;

std::size_t PaperBroker::open_positions() const {
    std::size_t n = s_->positions.size();
    for (const auto& st : s_->structures)
        n += st.legs.size();
    return n;
}

std::size_t PaperBroker::working_orders() const {
    return s_->working.size() + s_->pending_structures.size();
}

namespace {

PriceSource source_of(const OrderRequest& r) {
    if (r.underlying.empty() || r.symbol == r.underlying) return PriceSource::Candle;
    if (instrument::kind_of(r.symbol) == vocab::InstrumentKind::Option) return PriceSource::Chain;
    return PriceSource::OtherCandle;
}

bool matches(std::string_view scope, std::string_view underlying, std::string_view strategy) {
    return scope.empty() || scope == "all" || scope == underlying || scope == strategy;
}

// Why the paper broker cannot work this order, if it cannot.
std::optional<std::string> unplaceable(const OrderRequest& r) {
    if (vocab::is_stop(r.type) && !r.trigger) return "a stop entry needs a trigger price";
    if (r.type == vocab::OrderType::Limit) {
        if (!r.limit) return "a LIMIT entry needs a limit price";
        // Its price is the traded instrument's, and only the underlying's candles are watched.
        if (!r.trigger_on_traded())
            return fmt::format(
                "a LIMIT entry on {} triggered by {}: the paper broker fills a limit only "
                "on the traded symbol's own candles",
                r.symbol, r.underlying);
    }
    return std::nullopt;
}

vocab::OrderStatus working_status(vocab::OrderType type) {
    return vocab::is_stop(type) ? vocab::OrderStatus::TriggerPending : vocab::OrderStatus::Open;
}

std::string working_message(const OrderRequest& r) {
    if (vocab::is_stop(r.type))
        return fmt::format("stop entry at {} on {}", r.trigger->rupees(), r.underlying);
    if (r.type == vocab::OrderType::Limit) return fmt::format("limit entry at {}", r.limit->rupees());
    return "market entry at the next candle's open";
}

void place_order(Book& s, const OrderRequest& r) {
    const time::Date day = s.cfg.calendar->local_date(r.at);
    if (!r.legs.empty()) {
        s.pending_structures.push_back({r, day});
        s.order_update(r.id, r.underlying, vocab::OrderStatus::Open, 0, std::nullopt,
                       "structure: legs fill at the next option chain", r.at);
        return;
    }
    if (r.qty <= 0) {
        s.order_update(r.id, r.symbol, vocab::OrderStatus::Rejected, 0, std::nullopt,
                       "quantity must be positive", r.at);
        return;
    }
    // An intraday entry after the square-off time would be closed as soon as it opened.
    if (vocab::intraday(r.product) &&
        s.cfg.calendar->zone().local_seconds_of_day(r.at) >= s.cfg.square_off_seconds) {
        s.order_update(r.id, r.symbol, vocab::OrderStatus::Rejected, 0, std::nullopt,
                       fmt::format("an intraday entry after the square-off time ({})",
                                   time::format_clock(s.cfg.square_off_seconds)),
                       r.at);
        return;
    }
    if (auto why = unplaceable(r)) {
        s.order_update(r.id, r.symbol, vocab::OrderStatus::Rejected, 0, std::nullopt, *why, r.at);
        return;
    }
    Working w;
    w.req = r;
    if (w.req.underlying.empty()) w.req.underlying = w.req.symbol;
    w.source = source_of(w.req);
    w.day = day;
    s.working.push_back(std::move(w));
    s.order_update(r.id, r.symbol, working_status(r.type), 0, std::nullopt,
                   working_message(s.working.back().req), r.at);
}

void flatten_book(Book& s, std::string_view scope, time::Timestamp at) {
    for (auto& w : s.working) {
        if (!matches(scope, w.req.underlying, w.req.strategy)) continue;
        s.order_update(w.req.id, w.req.symbol, vocab::OrderStatus::Cancelled, 0, std::nullopt,
                       "kill switch: working order cancelled", at);
        w.req.qty = 0;
    }
    std::erase_if(s.working, [](const Working& w) { return w.req.qty == 0; });
    for (auto& p : s.pending_structures) {
        if (!matches(scope, p.req.underlying, p.req.strategy)) continue;
        s.order_update(p.req.id, p.req.underlying, vocab::OrderStatus::Cancelled, 0, std::nullopt,
                       "kill switch: structure cancelled", at);
        p.req.qty = -1;
    }
    std::erase_if(s.pending_structures, [](const PendingStructure& p) { return p.req.qty == -1; });
    // Positions close at the next price after the kill: the next candle's open, or chain.
    for (auto& p : s.positions)
        if (matches(scope, p.underlying, p.strategy) && !p.exiting)
            decide_exit(s, p, vocab::ExitReason::Kill, std::nullopt, at);
    for (auto& st : s.structures)
        if (matches(scope, st.underlying, "") && !st.closing) {
            st.closing = true;
            st.close_reason = vocab::ExitReason::Kill;
            st.close_after = at;
        }
}

void on_market_data(Book& s, const event::Event& e) {
    if (const auto* k = e.as<event::Candle>()) {
        on_candle(s, e.env.symbol, *k, e.time());
    } else if (const auto* ch = e.as<event::OptionChain>()) {
        on_chain(s, e.env.symbol, *ch, e.time());
    }
}

// Hands what the book wrote during one call to the caller's sink, in order.
void hand_over(Book& s, EventSink& out) {
    for (const auto& e : s.written)
        out.emit(e);
    s.written.clear();
}

}  // namespace

void PaperBroker::place(const OrderRequest& r, EventSink& out) {
    place_order(*s_, r);
    hand_over(*s_, out);
}

void PaperBroker::on_market(const event::Event& e, EventSink& out) {
    on_market_data(*s_, e);
    hand_over(*s_, out);
}

void PaperBroker::flatten(std::string_view scope, time::Timestamp at, EventSink& out) {
    flatten_book(*s_, scope, at);
    hand_over(*s_, out);
}

void PaperBroker::restore(const event::Event& e) {
    auto& s = *s_;
    switch (e.env.kind) {
        case event::Kind::Candle:
        case event::Kind::OptionChain:
            on_market_data(s, e);
            break;
        case event::Kind::Order: {
            std::string why;
            if (auto req = to_request(e, why)) place_order(s, *req);
            break;
        }
        case event::Kind::Control: {
            const auto* c = e.as<event::Control>();
            if (event::is_kill_for(*c, "sos-exec")) flatten_book(s, c->scope, e.time());
            break;
        }
        case event::Kind::Fill:
            note_history_fill(s, e);
            break;
        default:
            break;
    }
    s.written.clear();  // rebuilt, not written again
}

void PaperBroker::reconcile(time::Timestamp at, EventSink& out) {
    reconcile_with_history(*s_, at);
    hand_over(*s_, out);
}

}  // namespace sos::broker
