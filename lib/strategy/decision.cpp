#include "strategy/decision.hpp"

#include "expr/names.hpp"

namespace sos::strategy {

namespace {

event::OptNum opt(double v) {
    return std::isnan(v) ? event::OptNum{} : event::OptNum{v};
}

void fill(event::SignalFields& f, const Strategy& s, const Tracker& t, const CandleView& c,
          const Execution& x) {
    f.pattern_id = s.pattern_id;
    f.kind = s.kind == Kind::Options ? "options" : "pattern";
    f.side = x.side == Side::Sell ? "SELL" : "BUY";
    f.tf = c.tf;
    f.candle_ts = c.ts;
    if (s.kind == Kind::Pattern) {
        f.entry = opt(x.entry);
        f.sl = opt(x.sl);
        f.tp = opt(x.tp);
        f.risk = opt(x.risk);
    }
    f.tp_mult = x.params.tp_mult;
    f.quantity_mod = x.params.quantity_mod;
    if (x.regime >= 0) f.regime = std::string(expr::kRegimeNames[static_cast<std::size_t>(x.regime)]);
    for (std::size_t i = 0; i < s.vars.names.size(); ++i)
        f.vars.emplace_back(s.vars.names[i], opt(t.locals[i]));
    if (x.has_score) f.score = opt(x.score);
    if (s.kind == Kind::Options) {
        f.structure = s.structure;
        for (const auto& l : s.legs)
            f.legs.push_back(event::StructureLeg{l.action, l.option_type, l.offset, l.expiry_offset});
    }
}

}  // namespace

std::string signal_id(const Strategy& s, const CandleView& c) {
    std::string id = s.pattern_id;
    id.push_back(':');
    id.append(c.symbol);
    id.push_back(':');
    id.append(time::to_string(c.tf));
    id.push_back(':');
    time::append_epoch_seconds(id, c.ts);
    return id;
}

void write_decision(const Strategy& s, const Tracker& t, const CandleView& c, const Execution& x,
                    const std::string& reason, const std::string& detail, time::Timestamp close,
                    Derived& out) {
    event::Event e;
    e.env.timestamp = close;
    e.env.symbol = std::string(c.symbol);
    e.env.hist = c.hist;
    if (reason.empty()) {
        e.env.kind = event::Kind::Signal;
        auto& g = e.body.emplace<event::Signal>();
        g.id = signal_id(s, c);
        fill(g.f, s, t, c, x);
    } else {
        e.env.kind = event::Kind::Reject;
        auto& r = e.body.emplace<event::Reject>();
        r.stage = "match";
        r.ref = signal_id(s, c);
        r.reason = reason;
        r.detail = detail;
        r.has_signal_fields = true;
        fill(r.f, s, t, c, x);
    }
    out.add(e);
}

}  // namespace sos::strategy
