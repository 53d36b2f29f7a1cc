#include "broker/live/routed_broker.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "broker/order_convert.hpp"
#include "broker/order_refusal.hpp"

namespace sos::broker::live {

RoutedBroker::RoutedBroker(routing::Routing routing, std::vector<HeldBroker> brokers)
    : routing_(std::move(routing)), brokers_(std::move(brokers)) {}

Broker* RoutedBroker::held(std::string_view name) {
    for (auto& b : brokers_)
        if (b.name == name) return b.broker.get();
    return nullptr;
}

Broker* RoutedBroker::routed(const OrderRequest& order, routing::RouteDecision* decision) {
    auto d = routing_.resolve({order.route, order.symbol, order.underlying, order.strategy});
    Broker* b = d.routed() ? held(d.broker) : nullptr;
    if (decision != nullptr) *decision = std::move(d);
    return b;
}

void RoutedBroker::place(const OrderRequest& order, EventSink& out) {
    routing::RouteDecision d;
    Broker* b = routed(order, &d);
    if (!d.routed()) return refuse(order, d.detail, out);
    if (b == nullptr) {
        std::vector<std::string_view> names;
        for (const auto& h : brokers_)
            names.push_back(h.name);
        return refuse(order,
                      fmt::format("{} sends it to '{}', which this executor does not trade (it trades {})",
                                  routing_.describe(d), d.broker, fmt::join(names, ", ")),
                      out);
    }
    b->place(order, out);
}

void RoutedBroker::refuse(const OrderRequest& order, const std::string& detail, EventSink& out) const {
    const auto u = order_refused(order.id, order.at, order.symbol, mode(),
                                 fmt::format("{}: {}", routing::kNoRouteReason, detail));
    out.emit(u);
    event::Event r = u;
    r.env.kind = event::Kind::Reject;
    auto& j = r.body.emplace<event::Reject>();
    j.stage = "exec";
    j.ref = order.id;
    j.reason = std::string(routing::kNoRouteReason);
    j.detail = detail;
    out.emit(r);
}

void RoutedBroker::on_market(const event::Event& e, EventSink& out) {
    for (auto& b : brokers_)
        b.broker->on_market(e, out);
}

void RoutedBroker::flatten(std::string_view scope, time::Timestamp at, EventSink& out) {
    for (auto& b : brokers_)
        b.broker->flatten(scope, at, out);
}

void RoutedBroker::restore(const event::Event& e) {
    if (e.env.kind == event::Kind::Order) {
        std::string why;
        const auto order = to_request(e, why);
        Broker* b = order ? routed(*order) : nullptr;
        if (b == nullptr) return;  // routed nowhere now: no broker of this run placed it
        hist_orders_.insert_or_assign(order->id, b);
        return b->restore(e);
    }
    if (const auto* f = e.as<event::Fill>()) {
        const auto it = hist_orders_.find(f->order_id);
        if (it != hist_orders_.end()) it->second->restore(e);
        return;
    }
    for (auto& b : brokers_)
        b.broker->restore(e);
}

void RoutedBroker::control(const event::Control& c, time::Timestamp at, EventSink& out) {
    if (Broker* b = held(c.scope)) return b->control(c, at, out);
    for (auto& b : brokers_)
        b.broker->control(c, at, out);
}

void RoutedBroker::reconcile(time::Timestamp at, EventSink& out) {
    for (auto& b : brokers_)
        b.broker->reconcile(at, out);
}

void RoutedBroker::poll(EventSink& out) {
    for (auto& b : brokers_)
        b.broker->poll(out);
}

std::chrono::milliseconds RoutedBroker::poll_interval() const {
    std::chrono::milliseconds every{0};
    for (const auto& b : brokers_) {
        const auto own = b.broker->poll_interval();
        if (own.count() > 0 && (every.count() == 0 || own < every)) every = own;
    }
    return every;
}

Broker::SweepState RoutedBroker::sweep_state() const {
    // Unconfirmed is worse than in progress, which is worse than done.
    auto rank = [](SweepState w) {
        return w == SweepState::Unconfirmed  ? 3
               : w == SweepState::InProgress ? 2
               : w == SweepState::Done       ? 1
                                             : 0;
    };
    SweepState worst = SweepState::None;
    for (const auto& b : brokers_)
        if (rank(b.broker->sweep_state()) > rank(worst)) worst = b.broker->sweep_state();
    return worst;
}

// The enumeration is ordered worst last: down, then connecting, then up.
Broker::StreamState RoutedBroker::stream_state() const {
    StreamState worst = StreamState::None;
    for (const auto& b : brokers_)
        worst = std::max(worst, b.broker->stream_state());
    return worst;
}

}  // namespace sos::broker::live
