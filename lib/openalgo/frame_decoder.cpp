#include "openalgo/frame_decoder.hpp"

#include <simdjson.h>

#include "event/json_values.hpp"
#include "openalgo/frame_fields.hpp"

namespace sos::openalgo {

namespace od = simdjson::ondemand;
namespace json = event::json;
using detail::Failure;

namespace {

AckStatus ack_status(std::string_view s) {
    if (s == "success") return AckStatus::Success;
    if (s == "partial") return AckStatus::Partial;
    return AckStatus::Error;
}

bool is_plain_ack(std::string_view type) {
    return type == "subscribe_orders" || type == "unsubscribe_orders" || type == "broker_info" ||
           type == "supported_brokers" || type == "unsubscribe_all";
}

// Empties an order update in place: its strings keep their storage for the next one.
void reset_order(OrderUpdateFrame& o) {
    for (std::string* s : {&o.orderid, &o.symbol, &o.exchange, &o.action, &o.pricetype, &o.product,
                           &o.order_status, &o.rejection_reason, &o.mode, &o.broker})
        s->clear();
    for (event::OptNum* n :
         {&o.quantity, &o.price, &o.trigger_price, &o.filled_quantity, &o.pending_quantity, &o.average_price})
        n->reset();
}

}  // namespace

// One frame's top-level fields, read in any order; the kind is decided once all are seen.
struct FrameDecoder::Impl {
    od::parser parser;
    simdjson::dom::parser dom;  // only to check frames that are not objects
    Failure failure;
    std::string message_json;  // a message that is not a string (a validation dict)

    // Views into the frame (or simdjson's string buffer), valid during one decode.
    std::string_view type, status, code, message, symbol, exchange, broker, user_id, request_id;
    std::string_view mode_text;
    bool has_type = false, has_symbol = false, has_exchange = false, has_data = false, has_ltp = false;
    bool has_subscriptions = false;
    std::optional<Mode> mode;

    void reset() {
        type = status = code = message = symbol = exchange = broker = user_id = request_id = mode_text = {};
        has_type = has_symbol = has_exchange = has_data = has_ltp = has_subscriptions = false;
        mode.reset();
        message_json.clear();
    }

    int invalid(std::string_view key, std::string_view why) {
        failure.fail(BadReason::Invalid, key, why);
        return -1;
    }

    // 1 used, 0 unknown, -1 refused.
    int read_text_field(std::string_view key, od::value& v, std::string_view& out) {
        return json::read_text(v, out) ? 1 : invalid(key, "not a string");
    }

    int read_message(od::value& v) {
        od::json_type t;
        if (v.type().get(t)) return invalid("message", "malformed");
        if (t == od::json_type::string) return read_text_field("message", v, message);
        if (!json::walk(v, &message_json)) return invalid("message", "malformed");
        message = message_json;
        return 1;
    }

    int read_mode_field(od::value& v) {
        // Outer mode: the subscribed mode (1/2/3) on market data, "live"/"analyze" on orders.
        std::int64_t n;
        if (!v.get_int64().get(n)) {
            if (n < 1 || n > 3) return invalid("mode", "not 1, 2 or 3");
            mode = static_cast<Mode>(n);
            return 1;
        }
        if (!json::read_text(v, mode_text)) return invalid("mode", "not a mode");
        mode = parse_mode(mode_text);
        return 1;
    }

    int read_order_number(std::string_view key, od::value& v, OrderUpdateFrame& o) {
        event::OptNum* slot = key == "quantity"           ? &o.quantity
                              : key == "price"            ? &o.price
                              : key == "trigger_price"    ? &o.trigger_price
                              : key == "filled_quantity"  ? &o.filled_quantity
                              : key == "pending_quantity" ? &o.pending_quantity
                              : key == "average_price"    ? &o.average_price
                                                          : nullptr;
        if (!slot) return 0;
        return json::read_optional_number(v, *slot) ? 1 : invalid(key, "not a number");
    }

    int read_order_text(std::string_view key, od::value& v, OrderUpdateFrame& o) {
        std::string* slot = key == "orderid"            ? &o.orderid
                            : key == "action"           ? &o.action
                            : key == "pricetype"        ? &o.pricetype
                            : key == "product"          ? &o.product
                            : key == "order_status"     ? &o.order_status
                            : key == "rejection_reason" ? &o.rejection_reason
                                                        : nullptr;
        if (!slot) return 0;
        // OpenAlgo writes an order id as a string or a number, a reason as a string or null.
        od::json_type t;
        if (v.type().get(t)) return invalid(key, "malformed");
        if (t == od::json_type::null) return json::is_null(v) ? 1 : invalid(key, "malformed");
        if (t == od::json_type::number) {
            std::string_view raw = v.raw_json_token();
            while (!raw.empty() &&
                   (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
                raw.remove_suffix(1);
            double check;
            if (v.get_double().get(check)) return invalid(key, "malformed number");
            slot->assign(raw);
            return 1;
        }
        std::string_view text;
        if (!json::read_text(v, text)) return invalid(key, "not a string");
        slot->assign(text);
        return 1;
    }

    int read_pong_field(std::string_view key, od::value& v, Pong& p) {
        if (key == "server_timestamp" || key == "client_timestamp") {
            std::optional<std::int64_t>& slot = key == "server_timestamp" ? p.server_ms : p.client_ms;
            std::int64_t n;
            if (json::is_null(v)) return 1;
            if (!json::read_integer(v, n)) return invalid(key, "not a whole number");
            slot = n;
            return 1;
        }
        if (key == "_pingId") {
            std::string_view text;
            if (json::read_text(v, text)) {
                p.ping_id.assign(text);
                return 1;
            }
            if (!json::walk(v, &p.ping_id)) return invalid(key, "malformed");
            return 1;
        }
        return 0;
    }

    int read_field(std::string_view key, od::value& v, FrameDecoder& d) {
        if (key == "type") {
            has_type = true;
            return read_text_field(key, v, type);
        }
        if (key == "data") {
            has_data = true;
            return detail::read_tick(v, d.market_.tick, has_ltp, failure) ? 1 : -1;
        }
        if (key == "symbol") {
            has_symbol = true;
            return read_text_field(key, v, symbol);
        }
        if (key == "exchange") {
            has_exchange = true;
            return read_text_field(key, v, exchange);
        }
        if (key == "mode") return read_mode_field(v);
        if (key == "status") return read_text_field(key, v, status);
        if (key == "code") return read_text_field(key, v, code);
        if (key == "message") return read_message(v);
        if (key == "broker") return read_text_field(key, v, broker);
        if (key == "user_id") return read_text_field(key, v, user_id);
        if (key == "request_id") return read_text_field(key, v, request_id);
        if (key == "subscriptions") {
            has_subscriptions = true;
            return detail::read_symbol_statuses(v, d.subscribe_.symbols, key, failure) ? 1 : -1;
        }
        if (key == "successful")
            return detail::read_instruments(v, d.unsubscribe_.successful, key, failure) ? 1 : -1;
        if (key == "failed") return detail::read_instruments(v, d.unsubscribe_.failed, key, failure) ? 1 : -1;
        if (int r = read_order_number(key, v, d.order_)) return r;
        if (int r = read_order_text(key, v, d.order_)) return r;
        return read_pong_field(key, v, d.pong_);
    }

    bool read_object(od::object obj, FrameDecoder& d) {
        for (auto fr : obj) {
            if (fr.error()) return failure.fail(BadReason::NotJson, "", "malformed object");
            od::field& f = fr.value_unsafe();
            std::string_view key;
            if (!json::field_key(f, key)) return failure.fail(BadReason::NotJson, "", "malformed key");
            od::value& v = f.value();
            int r = read_field(key, v, d);
            if (r < 0) return false;
            if (r == 0 && !json::walk(v, nullptr))
                return failure.fail(BadReason::NotJson, key, "malformed value");
        }
        return true;
    }

    FrameKind missing(std::string_view field) {
        failure.fail(BadReason::Missing, field, "");
        return FrameKind::Bad;
    }

    FrameKind finish_market_data(FrameDecoder& d) {
        if (!has_symbol) return missing("symbol");
        if (!has_exchange) return missing("exchange");
        if (!has_data) return missing("data");
        if (!has_ltp) return missing("data.ltp");
        MarketData& m = d.market_;
        m.symbol.assign(symbol);
        m.exchange.assign(exchange);
        m.broker.assign(broker);
        m.mode = mode;
        return FrameKind::MarketData;
    }

    FrameKind finish_order_update(FrameDecoder& d) {
        OrderUpdateFrame& o = d.order_;
        if (o.orderid.empty()) return missing("orderid");
        if (o.order_status.empty()) return missing("order_status");
        o.symbol.assign(symbol);
        o.exchange.assign(exchange);
        o.broker.assign(broker);
        o.mode.assign(mode_text);
        return FrameKind::OrderUpdate;
    }

    FrameKind finish_auth(FrameDecoder& d, bool ok) {
        AuthAck& a = d.auth_;
        a.ok = ok;
        a.broker.assign(broker);
        a.user_id.assign(user_id);
        a.message.assign(message);
        return FrameKind::AuthAck;
    }

    FrameKind finish_error(FrameDecoder& d) {
        if (parse_error_code(code) == ErrorCode::AuthenticationError) return finish_auth(d, false);
        ServerError& e = d.error_;
        e.code = parse_error_code(code);
        e.code_text.assign(code);
        e.message.assign(message);
        return FrameKind::ServerError;
    }

    FrameKind finish(FrameDecoder& d) {
        if (!has_type) {
            if (status == "error") return finish_error(d);
            return FrameKind::Bad;  // failure.reason set by the caller
        }
        if (type == "market_data") return finish_market_data(d);
        if (type == "order_update") return finish_order_update(d);
        if (type == "auth") return finish_auth(d, status == "success");
        if (type == "subscribe") {
            if (!has_subscriptions && status != "error") return missing("subscriptions");
            SubscribeAck& s = d.subscribe_;
            s.status = ack_status(status);
            s.message.assign(message);
            s.request_id.assign(request_id);
            return FrameKind::SubscribeAck;
        }
        if (type == "unsubscribe") {
            UnsubscribeAck& u = d.unsubscribe_;
            u.status = ack_status(status);
            u.message.assign(message);
            u.request_id.assign(request_id);
            return FrameKind::UnsubscribeAck;
        }
        if (type == "pong") return FrameKind::Pong;
        if (status == "error" && !code.empty()) return finish_error(d);
        if (is_plain_ack(type)) return FrameKind::OtherAck;
        failure.fail(BadReason::UnknownType, "", type);
        return FrameKind::Bad;
    }
};

std::size_t FrameDecoder::padding() {
    return simdjson::SIMDJSON_PADDING;
}

FrameDecoder::FrameDecoder() : impl_(std::make_unique<Impl>()) {}
FrameDecoder::~FrameDecoder() = default;

FrameKind FrameDecoder::decode(const char* data, std::size_t len, std::size_t capacity) {
    Impl& im = *impl_;
    im.reset();
    reset_order(order_);
    pong_.server_ms.reset();
    pong_.client_ms.reset();
    pong_.ping_id.clear();
    subscribe_.symbols.clear();
    unsubscribe_.successful.clear();
    unsubscribe_.failed.clear();
    type_.clear();
    kind_ = FrameKind::Bad;

    auto bad = [&](BadReason r, std::string_view detail) {
        im.failure.fail(r, "", detail);
        return FrameKind::Bad;
    };
    auto result = [&](FrameKind k) {
        if (k == FrameKind::Bad) {
            bad_.reason = im.failure.reason;
            bad_.field = im.failure.field;
            bad_.detail = im.failure.detail;
            bad_.type.assign(im.type);
        }
        type_.assign(im.type);
        kind_ = k;
        return k;
    };

    od::document doc;
    if (auto err = im.parser.iterate(data, len, capacity).get(doc))
        return result(bad(BadReason::NotJson, simdjson::error_message(err)));
    od::json_type t;
    if (doc.type().get(t)) return result(bad(BadReason::NotJson, "malformed"));
    if (t != od::json_type::object) {
        // Rare: tell valid JSON that is not an object from text that is not JSON at all.
        simdjson::dom::element ignored;
        if (auto err = im.dom.parse(data, len, false).get(ignored))
            return result(bad(BadReason::NotJson, simdjson::error_message(err)));
        return result(bad(BadReason::NotObject, ""));
    }
    od::object obj;
    if (doc.get_object().get(obj)) return result(bad(BadReason::NotJson, "malformed"));
    if (!im.read_object(obj, *this)) return result(FrameKind::Bad);
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
        return result(bad(BadReason::NotJson, "text after the object"));
    im.failure.fail(BadReason::NoType, "", "");
    return result(im.finish(*this));
}

FrameKind FrameDecoder::decode(std::string_view frame) {
    scratch_.assign(frame);
    scratch_.append(padding(), ' ');
    return decode(scratch_.data(), frame.size(), scratch_.size());
}

}  // namespace sos::openalgo
