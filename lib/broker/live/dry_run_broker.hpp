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
// "trigger":21650.00}: the request goes out only when the underlying trades through it. An
// option's slice 0 is then an optionsorder (endpoint "optionsorder", offset ATM: the strike is
// OpenAlgo's at that moment); its other slices say "with_slice":0 in "on": they go by placeorder
// on the option slice 0 placed, written here with the signal's option (armed_entries.hpp).
// A structure (legs) is one optionsmultiorder line per freeze slice, "client_id" the request's
// strategy and "legs" each leg's own client id in the body's order; its legs' expiry_date is
// their options' (a dry run asks the instance nothing, so not /expiry: structure_plan.hpp).
// After each entry slice come the requests its position would bring, which a dry run cannot
// send at their time (it has no fills), each with "after" saying when live sends it:
//   - "after":"fill": the exchange stop (placeorder SL-M, the opposite side, client id of
//     "<id>/stop"), sent live once the slice's fill is in the trade book, for what filled;
//     only where the stop is a level of the traded symbol (not an option of an index signal);
//   - "after":"exit": the exit at the stop, target, trailing stop or square-off: the exchange
//     stop modified to MARKET (modifyorder; "orderid_of" names the stop's client id, its
//     broker order id being known only live), or, with no exchange stop, a MARKET placeorder
//     (client id of "<id>/exit0"). None for a position sos does not close itself (CNC with no
//     stop, target or trail), nor for a structure (its legs' exits are not written).
#pragma once

#include <memory>
#include <string>

#include "broker/broker.hpp"
#include "broker/live/place_plan.hpp"
#include "broker/live/structure_plan.hpp"
#include "instrument/registry.hpp"
#include "openalgo/options_order.hpp"

namespace sos::broker::live {

inline constexpr std::string_view kRequestType = "REQUEST";

// The REQUEST line (ending in '\n') of one planned request of `order`, key masked.
// `options`: the optionsorder the request goes as (an armed option's slice 0), if it does.
std::string request_line(const OrderRequest& order, const PlannedRequest& r, std::string_view broker,
                         std::string_view mode, const openalgo::OptionsOrder* options = nullptr,
                         bool with_slice0 = false);

// The REQUEST line of one optionsmultiorder request of a structure `order`, key masked.
std::string structure_line(const OrderRequest& order, const StructureRequest& r, std::string_view broker,
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
