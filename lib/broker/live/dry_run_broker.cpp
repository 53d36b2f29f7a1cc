// sos-exec --dry-run (dry_run_broker.hpp): each ORDER as the requests the live broker would send
// for it, its exchange stop and its exit included, none of them sent. A dry run has no fills,
// so the stop and the exit are not shown as if they happened: each is written right after its
// entry slice's request with "after" saying what would send it (docs/decisions.md "Stop and exit
// requests in a dry run").
#include "broker/live/dry_run_broker.hpp"

#include "broker/live/armed_entries.hpp"
#include "broker/live/client_order_id.hpp"
#include "broker/live/exit_rules.hpp"
#include "broker/order_refusal.hpp"
#include "brokers/secret.hpp"
#include "event/json_writer.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

// A follow-up REQUEST line (the stop, the exit): `body` already encoded, key masked.
struct FollowUp {
    std::string_view client_id;
    int slice = 0;
    std::string_view endpoint;
    std::string body;
    std::string_view after;       // "fill", "exit"
    std::string_view orderid_of;  // modifyorder: the client id whose broker order id it names
};

// The head every REQUEST line shares: which ORDER, slice and request, and where it goes.
event::JsonWriter& request_head(event::JsonWriter& w, const OrderRequest& order, std::string_view symbol,
                                std::string_view client_id, int slice, std::string_view broker,
                                std::string_view endpoint) {
    return w.str("type", kRequestType)
        .time("timestamp", order.at)
        .str("symbol", symbol)
        .str("id", order.id)
        .str("client_id", client_id)
        .integer("slice", slice)
        .str("broker", broker)
        .str("endpoint", endpoint);
}

std::string follow_up_line(const OrderRequest& order, const FollowUp& r, std::string_view broker,
                           std::string_view mode) {
    std::string line;
    event::JsonWriter w(line);
    request_head(w, order, order.symbol, r.client_id, r.slice, broker, r.endpoint)
        .raw("body", r.body)
        .str("after", r.after);
    if (!r.orderid_of.empty()) w.str("orderid_of", r.orderid_of);
    w.str("src", "sos-exec").str("mode", mode);
    w.finish_line();
    return line;
}

// sos closes the position itself: a stop, a target, a trailing stop, or the square-off of an
// intraday product (a kill closes any position, but only when asked: not shown).
bool exited_by_sos(const OrderRequest& o) {
    return o.sl || o.tp || o.trail || vocab::intraday(o.product);
}

// The entry slice's counterpart as live_broker_exits.cpp places it (place_child): the opposite
// side, for the slice's quantity (live: what filled of it), its own client id.
openalgo::PlaceOrder closing_body(const PlannedRequest& entry, const std::string& client_id) {
    auto b = entry.body;
    b.strategy = client_id;
    b.action = vocab::opposite(entry.body.action);
    b.price.reset();
    b.trigger_price.reset();
    b.pricetype = vocab::OrderType::Market;
    return b;
}

}  // namespace

std::string request_line(const OrderRequest& order, const PlannedRequest& r, std::string_view broker,
                         std::string_view mode, const openalgo::OptionsOrder* options, bool with_slice0) {
    std::string line;
    event::JsonWriter w(line);
    request_head(w, order, order.symbol, r.client_id, r.slice, broker,
                 options ? "optionsorder" : "placeorder")
        .raw("body", options ? openalgo::encode_optionsorder(brokers::Secret::masked(), *options)
                             : openalgo::encode_placeorder(brokers::Secret::masked(), r.body));
    if (r.on) {
        w.object("on")
            .str("underlying", r.on->underlying)
            .word("side", r.on->side)
            .raw("trigger", r.on->level.to_string());
        if (with_slice0) w.integer("with_slice", 0);
        w.end_object();
    }
    w.str("src", "sos-exec").str("mode", mode);
    w.finish_line();
    return line;
}

std::string structure_line(const OrderRequest& order, const StructureRequest& r, std::string_view broker,
                           std::string_view mode) {
    std::string line;
    event::JsonWriter w(line);
    request_head(w, order, order.underlying, r.body.strategy, r.slice, broker, "optionsmultiorder")
        .raw("body", openalgo::encode_optionsmultiorder(brokers::Secret::masked(), r.body));
    w.array("legs");
    for (const auto& leg : r.legs)
        w.element_object().str("client_id", leg.client_id).str("symbol", leg.body.symbol).end_object();
    w.end_array();
    w.str("src", "sos-exec").str("mode", mode);
    w.finish_line();
    return line;
}

void DryRunBroker::place(const OrderRequest& order, EventSink& out) {
    if (!order.legs.empty()) {
        const auto plan = plan_structure(order, *instruments_, nullptr);
        if (plan.requests.empty())
            out.emit(order_refused(order.id, order.at, order.underlying, mode(), plan.refusal));
        for (const auto& r : plan.requests)
            out.emit_line(kRequestType, structure_line(order, r, broker_, mode()));
        return;
    }
    const auto plan = plan_placeorder(order, *instruments_);
    if (plan.requests.empty()) {
        out.emit(order_refused(order.id, order.at, order.symbol, mode(), plan.refusal));
        return;
    }
    // An armed option: slice 0 by optionsorder, the others on the option it places.
    const auto& first = plan.requests.front();
    const auto options =
        first.on ? options_order_for(first.body, first.on->underlying, *instruments_) : std::nullopt;
    for (const auto& r : plan.requests) {
        out.emit_line(kRequestType,
                      request_line(order, r, broker_, mode(), r.slice == 0 && options ? &*options : nullptr,
                                   r.slice != 0 && options));
        write_exits(order, r, out);
    }
}

// After an entry slice: its exchange stop (an SL-M, sent once the slice's fill is in the trade
// book) where the stop is a level of the traded symbol, and its exit. The exit of a protected
// slice is its stop modified to MARKET (the broker's order id is known only once the stop is
// acknowledged: orderid_of names the stop's client id); of an unprotected one, a MARKET order.
void DryRunBroker::write_exits(const OrderRequest& order, const PlannedRequest& entry, EventSink& out) const {
    if (!exited_by_sos(order)) return;
    const auto masked = brokers::Secret::masked();
    if (order.sl && order.trigger_on_traded()) {
        const auto stop_id = *client_order_id(order.id + "/stop", entry.slice);
        auto stop = closing_body(entry, stop_id);
        stop.pricetype = vocab::OrderType::SlM;
        stop.trigger_price = stop_on_tick(*order.sl, instruments_->tick_of(entry.body.symbol),
                                          exit_plan_of(order).long_underlying);
        out.emit_line(kRequestType, follow_up_line(order,
                                                   FollowUp{stop_id,
                                                            entry.slice,
                                                            "placeorder",
                                                            openalgo::encode_placeorder(masked, stop),
                                                            "fill",
                                                            {}},
                                                   broker_, mode()));
        const openalgo::ModifyOrder to_market{closing_body(entry, stop_id), {}};
        out.emit_line(kRequestType, follow_up_line(order,
                                                   FollowUp{stop_id, entry.slice, "modifyorder",
                                                            openalgo::encode_modifyorder(masked, to_market),
                                                            "exit", stop_id},
                                                   broker_, mode()));
        return;
    }
    const auto exit_id = *client_order_id(order.id + "/exit0", entry.slice);
    out.emit_line(kRequestType,
                  follow_up_line(order,
                                 FollowUp{exit_id,
                                          entry.slice,
                                          "placeorder",
                                          openalgo::encode_placeorder(masked, closing_body(entry, exit_id)),
                                          "exit",
                                          {}},
                                 broker_, mode()));
}

}  // namespace sos::broker::live
