// sos-exec --dry-run (dry_run_broker.hpp): each ORDER as the requests the live broker would send
// for it, its exchange stop and its exit included, none of them sent. A dry run has no fills,
// so the stop and the exit are not shown as if they happened: each is written right after its
// entry slice's request with "after" saying what would send it (docs/decisions.md "Stop and exit
// requests in a dry run").
#include "broker/live/dry_run_broker.hpp"

#include "broker/live/client_order_id.hpp"
#include "broker/live/exit_rules.hpp"
#include "broker/order_refusal.hpp"
#include "brokers/secret.hpp"
#include "event/json_writer.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

// One REQUEST line: `body` already encoded, key masked.
struct RequestLine {
    std::string_view client_id;
    int slice = 0;
    std::string_view endpoint;
    std::string body;
    const UnderlyingTrigger* on = nullptr;
    std::string_view after;       // "fill", "exit"; empty: sent now
    std::string_view orderid_of;  // modifyorder: the client id whose broker order id it names
};

std::string write_line(const OrderRequest& order, const RequestLine& r, std::string_view broker,
                       std::string_view mode) {
    std::string line;
    event::JsonWriter w(line);
    w.str("type", kRequestType)
        .time("timestamp", order.at)
        .str("symbol", order.symbol)
        .str("id", order.id)
        .str("client_id", r.client_id)
        .integer("slice", r.slice)
        .str("broker", broker)
        .str("endpoint", r.endpoint)
        .raw("body", r.body);
    if (r.on) {
        w.object("on")
            .str("underlying", r.on->underlying)
            .word("side", r.on->side)
            .raw("trigger", r.on->level.to_string())
            .end_object();
    }
    if (!r.after.empty()) w.str("after", r.after);
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
                         std::string_view mode) {
    return write_line(order,
                      RequestLine{r.client_id,
                                  r.slice,
                                  "placeorder",
                                  openalgo::encode_placeorder(brokers::Secret::masked(), r.body),
                                  r.on ? &*r.on : nullptr,
                                  {},
                                  {}},
                      broker, mode);
}

void DryRunBroker::place(const OrderRequest& order, EventSink& out) {
    const auto plan = plan_placeorder(order, *instruments_);
    if (plan.requests.empty()) {
        out.emit(order_refused(order.id, order.at, order.symbol, mode(), plan.refusal));
        return;
    }
    for (const auto& r : plan.requests) {
        out.emit_line(kRequestType, request_line(order, r, broker_, mode()));
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
    const bool protect = order.sl && order.trigger_on_traded();
    if (protect) {
        const auto stop_id = *client_order_id(order.id + "/stop", entry.slice);
        auto stop = closing_body(entry, stop_id);
        stop.pricetype = vocab::OrderType::SlM;
        stop.trigger_price = stop_on_tick(*order.sl, instruments_->tick_of(entry.body.symbol),
                                          exit_plan_of(order).long_underlying);
        out.emit_line(kRequestType, write_line(order,
                                               RequestLine{stop_id,
                                                           entry.slice,
                                                           "placeorder",
                                                           openalgo::encode_placeorder(masked, stop),
                                                           nullptr,
                                                           "fill",
                                                           {}},
                                               broker_, mode()));
        openalgo::ModifyOrder to_market{closing_body(entry, stop_id), {}};
        out.emit_line(kRequestType, write_line(order,
                                               RequestLine{stop_id, entry.slice, "modifyorder",
                                                           openalgo::encode_modifyorder(masked, to_market),
                                                           nullptr, "exit", stop_id},
                                               broker_, mode()));
        return;
    }
    const auto exit_id = *client_order_id(order.id + "/exit0", entry.slice);
    out.emit_line(kRequestType,
                  write_line(order,
                             RequestLine{exit_id,
                                         entry.slice,
                                         "placeorder",
                                         openalgo::encode_placeorder(masked, closing_body(entry, exit_id)),
                                         nullptr,
                                         "exit",
                                         {}},
                             broker_, mode()));
}

}  // namespace sos::broker::live
