#include "strategy/decision.hpp"

#include <cmath>

#include "event/json_values.hpp"
#include "event/json_writer.hpp"
#include "expr/names.hpp"

namespace sos::strategy {

namespace {

void number(std::string& out, std::string_view key, double v) {
    out.append(key);
    event::JsonWriter::append_number(out, v);
}

// The id PATTERN:SYMBOL:TF:CANDLE_TS, escaped as event::encode escapes a whole string.
void write_id(std::string& out, const DecisionText& d, const CandleView& c) {
    out.push_back('"');
    out.append(d.id_prefix);
    event::json::append_escaped_inner(out, c.symbol);
    out.push_back(':');
    out.append(d.tf);
    out.push_back(':');
    time::append_epoch_seconds(out, c.ts);
    out.push_back('"');
}

// A SIGNAL's fields in the contract's canonical order (event::encode's for SignalFields): an
// undefined number is null, as encode writes an absent or non-finite one.
void write_fields(std::string& out, const Strategy& s, const Tracker& t, const CandleView& c,
                  const Execution& x) {
    const DecisionText& d = s.decision_text;
    const bool options = s.kind == Kind::Options;
    out.append(d.head);
    out.append(x.side == Side::Sell ? "SELL" : "BUY");
    out.append(d.tf_field);
    time::append_epoch_seconds(out, c.ts);
    number(out, ",\"entry\":", options ? expr::kUndefined : x.entry);
    number(out, ",\"sl\":", options ? expr::kUndefined : x.sl);
    number(out, ",\"tp\":", options ? expr::kUndefined : x.tp);
    number(out, ",\"risk\":", options ? expr::kUndefined : x.risk);
    number(out, ",\"tp_mult\":", x.params.tp_mult);
    number(out, ",\"quantity_mod\":", x.params.quantity_mod);
    if (x.regime >= 0) {
        out.append(",\"regime\":\"");
        out.append(expr::kRegimeNames[static_cast<std::size_t>(x.regime)]);
        out.push_back('"');
    } else {
        out.append(",\"regime\":null");
    }
    out.append(",\"vars\":{");
    for (std::size_t i = 0; i < d.var_keys.size(); ++i) {
        if (i) out.push_back(',');
        number(out, d.var_keys[i], t.locals[i]);
    }
    out.push_back('}');
    if (x.has_score && !std::isnan(x.score)) number(out, ",\"score\":", x.score);
    out.append(d.tail);
}

}  // namespace

void prepare_decision_text(Strategy& s) {
    DecisionText& d = s.decision_text;
    d = {};
    event::json::append_escaped_inner(d.id_prefix, s.pattern_id);
    d.id_prefix.push_back(':');
    d.tf = time::to_string(s.tf);
    {
        event::JsonWriter w(d.head);
        w.str("pattern_id", s.pattern_id).str("kind", s.kind == Kind::Options ? "options" : "pattern");
        d.head.erase(0, 1);  // the writer's opening brace: these fields follow others
        d.head.insert(0, ",");
        d.head.append(",\"side\":\"");
    }
    d.tf_field = "\",\"tf\":";
    event::json::append_escaped(d.tf_field, d.tf);
    d.tf_field.append(",\"candle_ts\":");
    for (const auto& name : s.vars.names) {
        std::string key;
        event::json::append_escaped(key, name);
        key.push_back(':');
        d.var_keys.push_back(std::move(key));
    }
    if (s.kind == Kind::Options) {
        event::JsonWriter w(d.tail);
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
        d.tail.erase(0, 1);
        d.tail.insert(0, ",");
    }
}

void write_decision(const Strategy& s, const Tracker& t, const CandleView& c, const Execution& x,
                    const std::string& reason, const std::string& detail, time::Timestamp close,
                    Derived& out) {
    // Written straight into the line from the strategy's prepared text rather than through an
    // event::Event and encode(): a decision comes every few candles, and building its strings
    // field by field was most of a decision's cost. The unit tests hold the two forms byte for
    // byte equal.
    const bool signal = reason.empty();
    out.write(signal ? event::Kind::Signal : event::Kind::Reject, [&](std::string& line) {
        line.append(signal ? "{\"type\":\"SIGNAL\",\"timestamp\":" : "{\"type\":\"REJECT\",\"timestamp\":");
        time::append_epoch_seconds(line, close);
        if (!c.symbol.empty()) {
            line.append(",\"symbol\":");
            event::json::append_escaped(line, c.symbol);
        }
        if (signal) {
            line.append(",\"id\":");
            write_id(line, s.decision_text, c);
        } else {
            line.append(",\"stage\":\"match\",\"ref\":");
            write_id(line, s.decision_text, c);
            line.append(",\"reason\":");
            event::json::append_escaped(line, reason);
            line.append(",\"detail\":");
            event::json::append_escaped(line, detail);
        }
        write_fields(line, s, t, c, x);
        if (c.hist) line.append(",\"hist\":true");
        line.append("}\n");
    });
}

}  // namespace sos::strategy
