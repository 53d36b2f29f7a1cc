#include "broker/live/routed_broker.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sos::broker::live {

RoutedBroker::RoutedBroker(routing::Routing routing, std::vector<HeldBroker> brokers)
    : routing_(std::move(routing)), brokers_(std::move(brokers)) {}

Broker* RoutedBroker::held(std::string_view name) {
    for (auto& b : brokers_)
        if (b.name == name) return b.broker.get();
    return nullptr;
}

void RoutedBroker::place(const OrderRequest& order, EventSink& out) {
    const auto d = routing_.resolve({order.route, order.symbol, order.underlying, order.strategy});
    if (!d.routed()) return refuse(order, d.detail, out);
    Broker* b = held(d.broker);
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
    event::Event u;
    u.env.kind = event::Kind::OrderUpdate;
    u.env.timestamp = order.at;
    u.env.symbol = order.symbol;
    u.env.src = "sos-exec";
    u.env.mode = std::string(mode());
    auto& b = u.body.emplace<event::OrderUpdate>();
    b.id = order.id;
    b.status = vocab::OrderStatus::Rejected;
    b.message = fmt::format("{}: {}", routing::kNoRouteReason, detail);
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
    for (auto& b : brokers_)
        b.broker->restore(e);
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

}  // namespace sos::broker::live
