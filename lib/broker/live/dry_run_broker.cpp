#include "broker/live/dry_run_broker.hpp"

#include "broker/order_refusal.hpp"
#include "brokers/secret.hpp"
#include "event/json_writer.hpp"

namespace sos::broker::live {

std::string request_line(const OrderRequest& order, const PlannedRequest& r, std::string_view broker,
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
        .str("endpoint", "placeorder")
        .raw("body", openalgo::encode_placeorder(brokers::Secret::masked(), r.body));
    if (r.on) {
        w.object("on")
            .str("underlying", r.on->underlying)
            .word("side", r.on->side)
            .raw("trigger", r.on->level.to_string())
            .end_object();
    }
    w.str("src", "sos-exec").str("mode", mode);
    w.finish_line();
    return line;
}

std::string structure_line(const OrderRequest& order, const StructureRequest& r, std::string_view broker,
                           std::string_view mode) {
    std::string line;
    event::JsonWriter w(line);
    w.str("type", kRequestType)
        .time("timestamp", order.at)
        .str("symbol", order.underlying)
        .str("id", order.id)
        .str("client_id", r.body.strategy)
        .integer("slice", r.slice)
        .str("broker", broker)
        .str("endpoint", "optionsmultiorder")
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
    for (const auto& r : plan.requests)
        out.emit_line(kRequestType, request_line(order, r, broker_, mode()));
}

}  // namespace sos::broker::live
