// sos-exec --dry-run: the live broker's requests written instead of sent. Each approved ORDER
// becomes one REQUEST line per request the live broker would send (one per freeze-quantity
// slice), its body exactly as it would go on the wire but with the key masked
// ("apikey":"***"); an ORDER the live broker would refuse gets ORDER_UPDATE REJECTED with the
// reason. Nothing here can reach a network (it links no network library) and it never reads a
// key. The same ORDER stream writes the same lines every time: nothing depends on the clock.
//
//   {"type":"REQUEST","timestamp":…,"symbol":"RELIANCE","id":"ORB:…#1","client_id":"S…00",
//    "slice":0,"broker":"kotak","endpoint":"placeorder","body":{"apikey":"***",…},
//    "src":"sos-exec","mode":"dry-run"}
// An entry watched on its underlying adds "on":{"underlying":"NIFTY","side":"SELL",
// "trigger":21650.00}: the request goes out only when the underlying trades through it.
// A structure (legs) is one optionsmultiorder line per freeze slice, "client_id" the request's
// strategy and "legs" each leg's own client id in the body's order; its legs' expiry_date is
// their options' (a dry run asks the instance nothing, so not /expiry: structure_plan.hpp).
#pragma once

#include <memory>
#include <string>

#include "broker/broker.hpp"
#include "broker/live/place_plan.hpp"
#include "broker/live/structure_plan.hpp"
#include "instrument/registry.hpp"

namespace sos::broker::live {

inline constexpr std::string_view kRequestType = "REQUEST";

// The REQUEST line (ending in '\n') of one planned request of `order`, key masked.
std::string request_line(const OrderRequest& order, const PlannedRequest& r, std::string_view broker,
                         std::string_view mode);

// The REQUEST line of one optionsmultiorder request of a structure `order`, key masked.
std::string structure_line(const OrderRequest& order, const StructureRequest& r, std::string_view broker,
                           std::string_view mode);

class DryRunBroker : public Broker {
public:
    DryRunBroker(std::shared_ptr<const instrument::Registry> instruments, std::string broker_name)
        : instruments_(std::move(instruments)), broker_(std::move(broker_name)) {}

    std::string_view mode() const override { return "dry-run"; }
    void place(const OrderRequest& order, EventSink& out) override;
    // Exits, kills and reconciliation send modifyorder, cancelorder and closeposition, and ask
    // the books; not in this slice: a dry run writes only what placing sends.
    void on_market(const event::Event&, EventSink&) override {}
    void flatten(std::string_view, time::Timestamp, EventSink&) override {}
    void restore(const event::Event&) override {}
    void reconcile(time::Timestamp, EventSink&) override {}
    void poll(EventSink&) override {}

private:
    std::shared_ptr<const instrument::Registry> instruments_;
    std::string broker_;
};

}  // namespace sos::broker::live
