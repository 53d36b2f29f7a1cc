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
// After each entry slice come the requests its position would bring, which a dry run cannot
// send at their time (it has no fills), each with "after" saying when live sends it:
//   - "after":"fill": the exchange stop (placeorder SL-M, the opposite side, client id of
//     "<id>/stop"), sent live once the slice's fill is in the trade book, for what filled;
//     only where the stop is a level of the traded symbol (not an option of an index signal);
//   - "after":"exit": the exit at the stop, target, trailing stop or square-off: the exchange
//     stop modified to MARKET (modifyorder; "orderid_of" names the stop's client id, its
//     broker order id being known only live), or, with no exchange stop, a MARKET placeorder
//     (client id of "<id>/exit0"). None for a position sos does not close itself (CNC with no
//     stop, target or trail).
#pragma once

#include <memory>
#include <string>

#include "broker/broker.hpp"
#include "broker/live/place_plan.hpp"
#include "instrument/registry.hpp"

namespace sos::broker::live {

inline constexpr std::string_view kRequestType = "REQUEST";

// The REQUEST line (ending in '\n') of one planned request of `order`, key masked.
std::string request_line(const OrderRequest& order, const PlannedRequest& r, std::string_view broker,
                         std::string_view mode);

class DryRunBroker : public Broker {
public:
    DryRunBroker(std::shared_ptr<const instrument::Registry> instruments, std::string broker_name)
        : instruments_(std::move(instruments)), broker_(std::move(broker_name)) {}

    std::string_view mode() const override { return "dry-run"; }
    void place(const OrderRequest& order, EventSink& out) override;
    // Kills, trailing and reconciliation depend on fills and the books, which a dry run has
    // not: their requests are not written (the exits' are, after each entry: write_exits).
    void on_market(const event::Event&, EventSink&) override {}
    void flatten(std::string_view, time::Timestamp, EventSink&) override {}
    void restore(const event::Event&) override {}
    void reconcile(time::Timestamp, EventSink&) override {}
    void poll(EventSink&) override {}

private:
    void write_exits(const OrderRequest& order, const PlannedRequest& entry, EventSink& out) const;

    std::shared_ptr<const instrument::Registry> instruments_;
    std::string broker_;
};

}  // namespace sos::broker::live
