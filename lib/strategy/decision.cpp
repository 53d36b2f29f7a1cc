#include "strategy/decision.hpp"

#include <cmath>
#include <cstring>

#include "event/json_values.hpp"
#include "event/json_writer.hpp"
#include "expr/names.hpp"

namespace sos::strategy {

namespace {

// Writes a line's pieces at a pointer into room reserved once for the whole line: a decision is
// some thirty pieces, and appending each to a std::string would check its capacity and call
// memcpy every time. Each piece's room is counted in room_for() below.
struct Cursor {
    char* p;

    template <std::size_t N>
    void lit(const char (&s)[N]) {
        std::memcpy(p, s, N - 1);  // a fixed size: a few moves, no call
        p += N - 1;
    }
    void text(std::string_view s) {
        std::memcpy(p, s.data(), s.size());
        p += s.size();
    }
    void ch(char c) { *p++ = c; }
    void number(double v) { p = event::JsonWriter::write_number(p, v); }
    void number(std::string_view key, double v) {
        text(key);
        number(v);
    }
    void quoted(std::string_view s) {
        ch('"');
        p = event::json::write_escaped_inner(p, s);
        ch('"');
    }
};

// Room enough for every piece write_decision writes: the prepared text, escaped strings at six
// bytes a byte, numbers and times at their longest, and the literals (under 400 bytes).
std::size_t room_for(const DecisionText& d, const CandleView& c, const std::string& reason,
                     const std::string& detail) {
    return 400 + d.id_prefix.size() + d.tf.size() + d.head.size() + d.tf_field.size() + d.tail.size() +
           d.var_keys_size + 6 * (2 * c.symbol.size() + reason.size() + detail.size()) +
           (7 + d.var_keys.size()) * event::JsonWriter::kNumberRoom + 3 * time::kEpochRoom;
}

// The id PATTERN:SYMBOL:TF:CANDLE_TS, escaped as event::encode escapes a whole string.
void write_id(Cursor& o, const DecisionText& d, const CandleView& c, std::string_view candle_ts) {
    o.ch('"');
    o.text(d.id_prefix);
    o.p = event::json::write_escaped_inner(o.p, c.symbol);
    o.ch(':');
    o.text(d.tf);
    o.ch(':');
    o.text(candle_ts);
    o.ch('"');
}

// A SIGNAL's fields in the contract's canonical order (event::encode's for SignalFields): an
// undefined number is null, as encode writes an absent or non-finite one.
void write_fields(Cursor& o, const Strategy& s, const Tracker& t, const Execution& x,
                  std::string_view candle_ts) {
    const DecisionText& d = s.decision_text;
    const bool options = s.kind == Kind::Options;
    o.text(d.head);
    o.text(vocab::name(x.side));
    o.text(d.tf_field);
    o.text(candle_ts);
    o.number(",\"entry\":", options ? expr::kUndefined : x.entry);
    o.number(",\"sl\":", options ? expr::kUndefined : x.sl);
    o.number(",\"tp\":", options ? expr::kUndefined : x.tp);
    o.number(",\"risk\":", options ? expr::kUndefined : x.risk);
    o.number(",\"tp_mult\":", x.params.tp_mult);
    o.number(",\"quantity_mod\":", x.params.quantity_mod);
    if (x.regime) {
        o.lit(",\"regime\":\"");
        o.text(vocab::name(*x.regime));
        o.ch('"');
    } else {
        o.lit(",\"regime\":null");
    }
    o.lit(",\"vars\":{");
    for (std::size_t i = 0; i < d.var_keys.size(); ++i) {
        if (i) o.ch(',');
        o.number(d.var_keys[i], t.locals[i]);
    }
    o.ch('}');
    if (x.has_score && !std::isnan(x.score)) o.number(",\"score\":", x.score);
    o.text(d.tail);
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
        d.var_keys_size += key.size();
        d.var_keys.push_back(std::move(key));
    }
    if (s.kind == Kind::Options) {
        event::JsonWriter w(d.tail);
        w.str("structure", s.structure);
        if (!s.legs.empty()) {
            w.array("legs");
            for (const auto& l : s.legs) {
                w.element_object()
                    .word("action", l.action)
                    .word("option_type", l.option_type)
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
    char candle_ts_text[time::kEpochRoom];
    const std::string_view candle_ts(
        candle_ts_text,
        static_cast<std::size_t>(time::write_epoch_seconds(candle_ts_text, c.ts) - candle_ts_text));
    out.write(signal ? event::Kind::Signal : event::Kind::Reject, [&](std::string& line) {
        const std::size_t start = line.size();
        line.resize(start + room_for(s.decision_text, c, reason, detail));
        Cursor o{line.data() + start};
        if (signal)
            o.lit("{\"type\":\"SIGNAL\",\"timestamp\":");
        else
            o.lit("{\"type\":\"REJECT\",\"timestamp\":");
        o.p = time::write_epoch_seconds(o.p, close);
        if (!c.symbol.empty()) {
            o.lit(",\"symbol\":");
            o.quoted(c.symbol);
        }
        if (signal) {
            o.lit(",\"id\":");
            write_id(o, s.decision_text, c, candle_ts);
        } else {
            o.lit(",\"stage\":\"match\",\"ref\":");
            write_id(o, s.decision_text, c, candle_ts);
            o.lit(",\"reason\":");
            o.quoted(reason);
            o.lit(",\"detail\":");
            o.quoted(detail);
        }
        write_fields(o, s, t, x, candle_ts);
        if (c.hist) o.lit(",\"hist\":true");
        o.lit("}\n");
        line.resize(static_cast<std::size_t>(o.p - line.data()));
    });
}

}  // namespace sos::strategy
