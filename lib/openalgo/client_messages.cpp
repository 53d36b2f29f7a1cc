#include "openalgo/client_messages.hpp"

#include "event/json_writer.hpp"

namespace sos::openalgo {

namespace {

// JsonWriter writes a line; a frame has no newline.
std::string frame(std::string& out) {
    out.pop_back();
    return std::move(out);
}

void write_symbols(event::JsonWriter& w, std::span<const Instrument> instruments,
                   const Mode* per_entry_mode) {
    w.array("symbols");
    for (const Instrument& in : instruments) {
        w.element_object().str("symbol", in.symbol).str("exchange", in.exchange);
        if (per_entry_mode) w.integer("mode", static_cast<int>(*per_entry_mode));
        w.end_object();
    }
    w.end_array();
}

std::string action_only(std::string_view action) {
    std::string out;
    event::JsonWriter w(out);
    w.str("action", action);
    w.finish_line();
    return frame(out);
}

}  // namespace

std::string encode_authenticate(std::string_view api_key) {
    std::string out;
    event::JsonWriter w(out);
    w.str("action", "authenticate").str("api_key", api_key);
    w.finish_line();
    return frame(out);
}

std::string encode_subscribe(std::span<const Instrument> instruments, Mode mode, std::string_view request_id,
                             int depth) {
    std::string out;
    event::JsonWriter w(out);
    w.str("action", "subscribe");
    write_symbols(w, instruments, nullptr);
    w.integer("mode", static_cast<int>(mode));
    if (mode == Mode::Depth) w.integer("depth", depth);
    w.str_if("request_id", request_id);
    w.finish_line();
    return frame(out);
}

std::string encode_unsubscribe(std::span<const Instrument> instruments, Mode mode) {
    std::string out;
    event::JsonWriter w(out);
    w.str("action", "unsubscribe");
    write_symbols(w, instruments, &mode);
    w.finish_line();
    return frame(out);
}

std::string encode_unsubscribe_all() {
    return action_only("unsubscribe_all");
}

std::string encode_ping(std::int64_t client_ms, std::string_view ping_id) {
    std::string out;
    event::JsonWriter w(out);
    w.str("action", "ping").integer("timestamp", client_ms).str("_pingId", ping_id);
    w.finish_line();
    return frame(out);
}

std::string encode_subscribe_orders() {
    return action_only("subscribe_orders");
}

}  // namespace sos::openalgo
