#include "event/encoder.hpp"

#include "event/json_writer.hpp"

namespace sos::event {

namespace {

void body(JsonWriter& w, const Tick& t) {
    w.num("ltp", t.ltp)
        .num_if("volume", t.volume)
        .num_if("oi", t.oi)
        .num_if("bid", t.bid)
        .num_if("ask", t.ask)
        .num_if("bid_qty", t.bid_qty)
        .num_if("ask_qty", t.ask_qty);
}

void body(JsonWriter& w, const Candle& k) {
    w.str("tf", time::to_string(k.tf)).num("o", k.o).num("h", k.h).num("l", k.l).num("c", k.c).num("v", k.v);
    w.num_if("oi", k.oi);
    if (k.gap) w.boolean("gap", true);
    if (k.partial) w.boolean("partial", true);
}

void leg(JsonWriter& w, std::string_view side, const OptionLeg& l) {
    w.object(side)
        .num_if("ltp", l.ltp)
        .num_if("oi", l.oi)
        .num_if("oi_change", l.oi_change)
        .num_if("volume", l.volume)
        .num_if("iv", l.iv)
        .num_if("delta", l.delta)
        .end_object();
}

void body(JsonWriter& w, const OptionChain& ch) {
    if (ch.expiry) w.str("expiry", time::format_date(*ch.expiry));
    w.num_if("spot", ch.spot).num_if("lot_size", ch.lot_size);
    w.array("strikes");
    for (const auto& row : ch.strikes) {
        w.element_object().num("strike", row.strike);
        if (row.has_ce) leg(w, "ce", row.ce);
        if (row.has_pe) leg(w, "pe", row.pe);
        w.end_object();
    }
    w.end_array();
}

void body(JsonWriter& w, const Breadth& b) {
    w.num("adv", b.adv).num("dec", b.dec).num_if("unchanged", b.unchanged);
}

void body(JsonWriter& w, const Sentiment& m) {
    w.num_if("pcr", m.pcr).num_if("pcr_volume", m.pcr_volume).num_if("pcr_velocity", m.pcr_velocity);
    if (m.breadth_adv || m.breadth_dec) {
        w.object("breadth").num_if("adv", m.breadth_adv).num_if("dec", m.breadth_dec).end_object();
    }
    w.num_if("oi_wall_above", m.oi_wall_above)
        .num_if("oi_wall_below", m.oi_wall_below)
        .num_if("max_pain", m.max_pain)
        .num_if("iv", m.iv)
        .num_if("iv_rank", m.iv_rank)
        .num_if("iv_percentile", m.iv_percentile)
        .num_if("hv", m.hv)
        .num_if("skew", m.skew)
        .num_if("term", m.term)
        .num_if("vix", m.vix);
    w.word_if("regime", m.regime);
}

void body(JsonWriter& w, const RegimeUpdate& r) {
    w.word("regime", r.regime).num_if("score", r.score).array("flags");
    for (const auto& f : r.flags)
        w.element_string(f);
    w.end_array().boolean("changed", r.changed);
    if (!r.inputs_json.empty()) w.raw("inputs", r.inputs_json);
}

void signal_fields(JsonWriter& w, const SignalFields& f) {
    w.str("pattern_id", f.pattern_id).str("kind", f.kind).str("side", f.side ? vocab::name(*f.side) : "");
    if (f.tf) w.str("tf", time::to_string(*f.tf));
    if (f.candle_ts) w.time("candle_ts", *f.candle_ts);
    w.num_or_null("entry", f.entry)
        .num_or_null("sl", f.sl)
        .num_or_null("tp", f.tp)
        .num_or_null("risk", f.risk)
        .num_or_null("tp_mult", f.tp_mult)
        .num_or_null("quantity_mod", f.quantity_mod)
        .word_or_null("regime", f.regime);
    w.object("vars");
    for (const auto& [name, value] : f.vars)
        w.num_or_null(name, value);
    w.end_object();
    w.num_if("score", f.score);
    w.num_if("trail", f.trail);
    if (f.structure) w.str("structure", *f.structure);
    if (!f.legs.empty()) {
        w.array("legs");
        for (const auto& l : f.legs) {
            w.element_object()
                .word("action", l.action)
                .word("option_type", l.option_type)
                .str("offset", l.offset)
                .integer("expiry_offset", l.expiry_offset)
                .end_object();
        }
        w.end_array();
    }
}

// Who asked (operations.hpp): written only on an operator's lines.
void asker(JsonWriter& w, const Asker& a) {
    w.str_if("asked_by", a.name);
    if (a.uid) w.integer("uid", *a.uid);
    if (a.at) w.time("at", *a.at);
}

void body(JsonWriter& w, const Signal& g) {
    w.str("id", g.id);
    signal_fields(w, g.f);
    if (g.qty) w.integer("qty", *g.qty);
    asker(w, g.asked);
}

void body(JsonWriter& w, const Order& o) {
    w.str("id", o.id).str_if("signal_id", o.signal_id);
    if (o.tf) w.str("tf", time::to_string(*o.tf));
    w.word_if("side", o.side);
    if (o.legs.empty() || o.qty) w.integer("qty", o.qty);
    w.word("order_type", o.order_type)
        .num_if("price", o.price)
        .num_if("trigger_price", o.trigger_price)
        .word("product", o.product)
        .num_if("sl", o.sl)
        .num_if("tp", o.tp)
        .str_if("strategy", o.strategy)
        .str_if("route", o.route)
        .str_if("underlying", o.underlying)
        .word_if("signal_side", o.signal_side)
        .num_if("trail", o.trail);
    if (!o.sizing_json.empty()) w.raw("sizing", o.sizing_json);
    if (!o.legs.empty()) {
        w.array("legs");
        for (const auto& l : o.legs) {
            w.element_object()
                .str_if("symbol", l.symbol)
                .word("action", l.action)
                .word_if("option_type", l.option_type)
                .str_if("offset", l.offset)
                .integer("expiry_offset", l.expiry_offset)
                .integer("qty", l.qty)
                .end_object();
        }
        w.end_array();
    }
}

void body(JsonWriter& w, const Reject& r) {
    w.str("stage", r.stage).str("ref", r.ref).str("reason", r.reason).str("detail", r.detail);
    if (r.has_signal_fields) signal_fields(w, r.f);
}

void body(JsonWriter& w, const OrderUpdate& u) {
    w.str("id", u.id)
        .str("broker_order_id", u.broker_order_id)
        .word("status", u.status)
        .integer("filled_qty", u.filled_qty)
        .num_if("avg_price", u.avg_price)
        .str("message", u.message);
}

void body(JsonWriter& w, const Fill& f) {
    w.str("order_id", f.order_id)
        .word("side", f.side)
        .integer("qty", f.qty)
        .num("price", f.price)
        .num_if("fees", f.fees);
}

void body(JsonWriter& w, const Exit& x) {
    w.str("order_id", x.order_id)
        .word("reason", x.reason)
        .num("price", x.price)
        .integer("qty", x.qty)
        .num("pnl", x.pnl);
}

void body(JsonWriter& w, const Position& p) {
    w.integer("qty", p.qty)
        .num("avg_price", p.avg_price)
        .num("realized_pnl", p.realized_pnl)
        .num("unrealized_pnl", p.unrealized_pnl);
}

void body(JsonWriter& w, const Alert& a) {
    w.str("level", a.level).str("code", a.code).str("message", a.message).str_if("tool", a.tool);
}

void body(JsonWriter& w, const Health& h) {
    w.str("tool", h.tool)
        .integer("pid", h.pid)
        .num("uptime_s", h.uptime_s)
        .integer("in", h.in)
        .integer("out", h.out)
        .integer("bad", h.bad)
        .num_if("lag_s", h.lag_s);
}

void body(JsonWriter& w, const Control& k) {
    w.str("command", k.command).str_if("target", k.target).str_if("scope", k.scope);
    asker(w, k.asked);
}

void body(JsonWriter& w, const Trace& t) {
    w.str("pattern_id", t.pattern_id).str("event", t.event);
    if (t.tf) w.str("tf", time::to_string(*t.tf));
    if (t.candle_ts) w.time("candle_ts", *t.candle_ts);
    if (t.from) w.integer("from", *t.from);
    if (t.to) w.integer("to", *t.to);
    w.str_if("phase", t.phase).str_if("result", t.result).str_if("detail", t.detail);
    w.object("values");
    for (const auto& [name, value] : t.values)
        w.num_or_null(name, value);
    w.end_object();
}

void body(JsonWriter&, const std::monostate&) {}

}  // namespace

void encode(const Event& e, std::string& out) {
    JsonWriter w(out);
    std::string_view unknown = e.env.unknown_type.empty() ? std::string_view("UNKNOWN") : e.env.unknown_type;
    w.str("type", e.env.kind == Kind::Unknown ? unknown : type_name(e.env.kind));
    if (e.env.ver != kContractVersion) w.integer("ver", e.env.ver);
    if (e.env.timestamp) w.time("timestamp", *e.env.timestamp);
    w.str_if("symbol", e.env.symbol).str_if("exchange", e.env.exchange);
    std::visit([&](const auto& b) { body(w, b); }, e.body);
    w.str_if("src", e.env.src);
    w.str_if("mode", e.env.mode);
    if (e.env.hist) w.boolean("hist", true);
    if (e.env.seq) w.integer("seq", *e.env.seq);
    w.str_if("true_regime", e.env.true_regime);
    w.finish_line();
}

std::string encode(const Event& e) {
    std::string s;
    encode(e, s);
    return s;
}

}  // namespace sos::event
