#include "strategy/decision.hpp"

#include "expr/names.hpp"

namespace sos::strategy {

namespace {

event::OptNum opt(double v) {
    return std::isnan(v) ? event::OptNum{} : event::OptNum{v};
}

// Every field assigned, none left from the previous decision; strings keep their storage.
void fill(event::SignalFields& f, const Strategy& s, const Tracker& t, const CandleView& c,
          const Execution& x) {
    f.pattern_id.assign(s.pattern_id);
    f.kind.assign(s.kind == Kind::Options ? "options" : "pattern");
    f.side.assign(x.side == Side::Sell ? "SELL" : "BUY");
    f.tf = c.tf;
    f.candle_ts = c.ts;
    const bool prices = s.kind == Kind::Pattern;
    f.entry = prices ? opt(x.entry) : event::OptNum{};
    f.sl = prices ? opt(x.sl) : event::OptNum{};
    f.tp = prices ? opt(x.tp) : event::OptNum{};
    f.risk = prices ? opt(x.risk) : event::OptNum{};
    f.tp_mult = x.params.tp_mult;
    f.quantity_mod = x.params.quantity_mod;
    if (x.regime >= 0) {
        if (!f.regime) f.regime.emplace();
        f.regime->assign(expr::kRegimeNames[static_cast<std::size_t>(x.regime)]);
    } else {
        f.regime.reset();
    }
    f.vars.resize(s.vars.names.size());
    for (std::size_t i = 0; i < s.vars.names.size(); ++i) {
        f.vars[i].first.assign(s.vars.names[i]);
        f.vars[i].second = opt(t.locals[i]);
    }
    f.score = x.has_score ? opt(x.score) : event::OptNum{};
    f.legs.clear();
    if (s.kind == Kind::Options) {
        if (!f.structure) f.structure.emplace();
        f.structure->assign(s.structure);
        for (const auto& l : s.legs)
            f.legs.push_back(event::StructureLeg{l.action, l.option_type, l.offset, l.expiry_offset});
    } else {
        f.structure.reset();
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
                    const std::string& reason, const std::string& detail, time::Timestamp close, Derived& out,
                    event::Event* reuse) {
    event::Event fresh;
    event::Event& e = reuse ? reuse[reason.empty() ? 0 : 1] : fresh;
    e.env.timestamp = close;
    e.env.symbol.assign(c.symbol);
    e.env.hist = c.hist;
    if (reason.empty()) {
        e.env.kind = event::Kind::Signal;
        auto* g = std::get_if<event::Signal>(&e.body);
        if (!g) g = &e.body.emplace<event::Signal>();
        g->id = signal_id(s, c);
        fill(g->f, s, t, c, x);
    } else {
        e.env.kind = event::Kind::Reject;
        auto* r = std::get_if<event::Reject>(&e.body);
        if (!r) r = &e.body.emplace<event::Reject>();
        r->stage.assign("match");
        r->ref = signal_id(s, c);
        r->reason.assign(reason);
        r->detail.assign(detail);
        r->has_signal_fields = true;
        fill(r->f, s, t, c, x);
    }
    out.add(e);
}

}  // namespace sos::strategy
