// sos-exec with several brokers (--routes FILE), or one: each ORDER goes to the broker its route
// says (lib/routing: the ORDER's own `route`, then the rules by symbol or strategy, then the
// default), one broker per routed instance held for the run (a LiveBroker each, with its own
// state file, lock, key and budget; or a DryRunBroker each). Market data, kills, the start's
// reconciliation and the clock go to every broker; each reconciles its own books.
//
// The journal's history (hist lines) goes where the live lines went: a hist ORDER to the broker
// its route chooses now, a hist FILL to the broker of its ORDER, so each broker compares its
// position book with its own orders only. A CONTROL other than kill (resume: accept the broker's
// positions) goes to the broker its scope names, or to every broker when the scope names none.
//
// An ORDER nothing routes, or routed to a broker this executor does not hold (its `route`
// names another entry of the brokers file), is refused to the stream's face: ORDER_UPDATE
// REJECTED (sos-risk frees what it reserved) and REJECT NO_ROUTE naming why; never sent to a
// broker by guess.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "broker/broker.hpp"
#include "routing/routing.hpp"

namespace sos::broker::live {

struct HeldBroker {
    std::string name;  // the brokers file's entry
    std::unique_ptr<Broker> broker;
};

class RoutedBroker : public Broker {
public:
    // `brokers` is not empty and holds every broker routing.brokers_used() names.
    RoutedBroker(routing::Routing routing, std::vector<HeldBroker> brokers);

    std::string_view mode() const override { return brokers_.front().broker->mode(); }
    void place(const OrderRequest& order, EventSink& out) override;
    void on_market(const event::Event& e, EventSink& out) override;
    void flatten(std::string_view scope, time::Timestamp at, EventSink& out) override;
    void restore(const event::Event& e) override;
    void control(const event::Control& c, time::Timestamp at, EventSink& out) override;
    void reconcile(time::Timestamp at, EventSink& out) override;
    void poll(EventSink& out) override;
    // The shortest of the brokers' own (each is polled on every tick).
    std::chrono::milliseconds poll_interval() const override;
    SweepState sweep_state() const override;    // the worst of its brokers'
    StreamState stream_state() const override;  // the worst of its brokers'

private:
    Broker* held(std::string_view name);
    Broker* routed(const OrderRequest& order, routing::RouteDecision* decision = nullptr);
    void refuse(const OrderRequest& order, const std::string& detail, EventSink& out) const;

    routing::Routing routing_;
    std::vector<HeldBroker> brokers_;
    std::map<std::string, Broker*, std::less<>> hist_orders_;  // a hist ORDER's id: its broker
};

}  // namespace sos::broker::live
