#include "strategy/decision.hpp"

#include <cmath>

#include "event/json_values.hpp"
#include "event/json_writer.hpp"
#include "expr/names.hpp"

namespace sos::strategy {

namespace {

// The id written in place, escaped as event::encode escapes a whole string.
void write_id(std::string& out, const Strategy& s, const CandleView& c) {
    out.push_back('"');
    event::json::append_escaped_inner(out, s.pattern_id);
    out.push_back(':');
    event::json::append_escaped_inner(out, c.symbol);
    out.push_back(':');
    out.append(time::to_string(c.tf));
    out.push_back(':');
    time::append_epoch_seconds(out, c.ts);
    out.push_back('"');
}

// A SIGNAL's fields in the contract's canonical order (event::encode's for SignalFields): an
// undefined number is null, as encode writes an absent or non-finite one.
void write_fields(event::JsonWriter& w, const Strategy& s, const Tracker& t, const CandleView& c,
                  const Execution& x) {
    const bool options = s.kind == Kind::Options;
    w.str("pattern_id", s.pattern_id)
        .str("kind", options ? "options" : "pattern")
        .str("side", x.side == Side::Sell ? "SELL" : "BUY")
        .str("tf", time::to_string(c.tf))
        .time("candle_ts", c.ts)
        .num("entry", options ? expr::kUndefined : x.entry)
        .num("sl", options ? expr::kUndefined : x.sl)
        .num("tp", options ? expr::kUndefined : x.tp)
        .num("risk", options ? expr::kUndefined : x.risk)
        .num("tp_mult", x.params.tp_mult)
        .num("quantity_mod", x.params.quantity_mod);
    if (x.regime >= 0)
        w.str("regime", expr::kRegimeNames[static_cast<std::size_t>(x.regime)]);
    else
        w.null("regime");
    w.object("vars");
    for (std::size_t i = 0; i < s.vars.names.size(); ++i)
        w.num(s.vars.names[i], t.locals[i]);
    w.end_object();
    if (x.has_score && !std::isnan(x.score)) w.num("score", x.score);
    if (options) {
        w.str("structure", s.structure);
        if (!s.legs.empty()) {
            w.array("legs");
            for (const auto& l : s.legs) {
                w.element_object()
                    .str("action", l.action)
                    .str("option_type", l.option_type)
                    .str("offset", l.offset)
                    .integer("expiry_offset", l.expiry_offset)
                    .end_object();
            }
            w.end_array();
        }
    }
}

}  // namespace

void write_decision(const Strategy& s, const Tracker& t, const CandleView& c, const Execution& x,
                    const std::string& reason, const std::string& detail, time::Timestamp close,
                    Derived& out) {
    // Written straight into the line rather than through an event::Event and encode(): a
    // decision comes every few candles, and filling an event's strings first doubled its cost.
    // The unit tests hold the two forms byte for byte equal.
    const bool signal = reason.empty();
    out.write(signal ? event::Kind::Signal : event::Kind::Reject, [&](std::string& line) {
        event::JsonWriter w(line);
        w.str("type", signal ? "SIGNAL" : "REJECT").time("timestamp", close).str_if("symbol", c.symbol);
        if (signal) {
            write_id(w.value_of("id"), s, c);
        } else {
            w.str("stage", "match");
            write_id(w.value_of("ref"), s, c);
            w.str("reason", reason).str("detail", detail);
        }
        write_fields(w, s, t, c, x);
        if (c.hist) w.boolean("hist", true);
        w.finish_line();
    });
}

}  // namespace sos::strategy
