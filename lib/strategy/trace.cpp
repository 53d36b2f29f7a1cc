#include "strategy/trace.hpp"

#include <cmath>

namespace sos::strategy {

void write_trace(const Strategy& s, const CandleView& c, time::Timestamp close, TraceLine line,
                 Derived& out) {
    event::Event e;
    e.env.kind = event::Kind::Trace;
    e.env.timestamp = close;
    e.env.symbol = std::string(c.symbol);
    e.env.hist = c.hist;
    auto& t = e.body.emplace<event::Trace>();
    t.pattern_id = s.pattern_id;
    t.event = std::move(line.event);
    t.tf = c.tf;
    t.candle_ts = c.ts;
    t.from = line.from;
    t.to = line.to;
    t.phase = std::move(line.phase);
    t.result = std::move(line.result);
    t.detail = std::move(line.detail);
    t.values = std::move(line.values);
    out.add(e);
}

void add_leaf_values(const Expr& e, const double* frame, TraceValues& out) {
    for (const auto& leaf : e.leaves) {
        bool seen = false;
        for (const auto& v : out)
            seen = seen || v.first == leaf.name;
        if (seen) continue;
        const double v = frame[leaf.slot];
        out.emplace_back(leaf.name, std::isnan(v) ? event::OptNum{} : event::OptNum{v});
    }
}

void add_leaf_values(const std::vector<Expr>& exprs, const double* frame, TraceValues& out) {
    for (const auto& e : exprs)
        add_leaf_values(e, frame, out);
}

std::string joined(const std::vector<Expr>& exprs) {
    std::string s;
    for (const auto& e : exprs)
        s += (s.empty() ? "" : " and ") + e.text;
    return s.empty() ? "(no conditions)" : s;
}

}  // namespace sos::strategy
