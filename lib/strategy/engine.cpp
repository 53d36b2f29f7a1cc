#include "strategy/engine.hpp"
#include "instrument/symbology.hpp"

#include <algorithm>
#include <cstring>

namespace sos::strategy {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

Engine::Engine(EngineOptions options) : opt_(std::move(options)) {
    zone_ = opt_.calendar ? opt_.calendar->zone() : time::kIndia;
}

std::int64_t Engine::session_day(time::Timestamp t) const {
    return floor_div(t.whole_seconds() + zone_.seconds, 86400);
}

bool Engine::explains(const Strategy& s, std::string_view symbol) const {
    for (const auto& spec : opt_.explain) {
        std::string_view sv = spec;
        const auto at = sv.rfind('@');
        std::string_view pat = at == std::string_view::npos ? sv : sv.substr(0, at);
        std::string_view sym = at == std::string_view::npos ? std::string_view("*") : sv.substr(at + 1);
        if (pat.empty()) pat = "*";
        if (glob_match(pat, s.pattern_id) && glob_match(sym, symbol)) return true;
    }
    return false;
}

Tracker carry_over(std::shared_ptr<const Strategy> s, Tracker&& old, const SymbolState::Group& group) {
    Tracker t(s);
    t.has_last = old.has_last;
    t.last_ts = old.last_ts;
    t.last_day = old.last_day;
    t.cooldown = old.cooldown;
    const Strategy& was = *old.s;
    if (was.program.reads_prev) {
        t.has_prev = old.has_prev;
        t.prev = old.prev;
    } else if (s->program.reads_prev && group.has_last && old.has_last && group.last_ts == old.last_ts) {
        // The old version kept no previous candle; the group's last is the one it took in last.
        t.has_prev = true;
        t.prev = group.last_fields;
    }
    if (was.phases_key == s->phases_key && was.vars.names == s->vars.names && was.kind == s->kind) {
        t.phase = old.phase;
        t.since = old.since;
        std::copy(old.locals.begin(), old.locals.begin() + was.program.var_count, t.locals.begin());
    }
    // An indicator call site the new version still has keeps its history: no new warm-up.
    std::vector<bool> used(old.inds.size(), false);
    for (std::size_t i = 0; i < s->program.sites.size(); ++i) {
        const auto& site = s->program.sites[i];
        for (std::size_t j = 0; j < was.program.sites.size(); ++j) {
            const auto& o = was.program.sites[j];
            if (used[j] || o.text != site.text || o.kind != site.kind || o.period != site.period) continue;
            t.inds[i] = std::move(old.inds[j]);
            used[j] = true;
            break;
        }
    }
    return t;
}

void Engine::build(SymbolState& sym, std::vector<Tracker> old, const std::vector<SymbolState::Group>& was) {
    sym.groups.clear();
    const SymbolState::Group none{};
    auto before = [&](time::Timeframe tf) -> const SymbolState::Group& {
        for (const auto& g : was)
            if (g.tf == tf) return g;
        return none;
    };
    for (const auto& s : strategies_) {
        if (!s->wants(sym.symbol)) continue;
        SymbolState::Group* g = sym.group(s->tf);
        if (!g) {
            sym.groups.emplace_back();
            g = &sym.groups.back();
            g->tf = s->tf;
            const SymbolState::Group& w = before(s->tf);
            g->has_last = w.has_last;
            g->last_ts = w.last_ts;
            g->last_fields = w.last_fields;
        }
        auto it = std::find_if(old.begin(), old.end(),
                               [&](const Tracker& t) { return t.s && t.s->pattern_id == s->pattern_id; });
        if (it == old.end())
            g->trackers.emplace_back(s);
        else if (it->s == s)
            g->trackers.push_back(std::move(*it));
        else
            g->trackers.push_back(carry_over(s, std::move(*it), before(s->tf)));
        g->trackers.back().explain = explains(*s, sym.symbol);
    }
    for (auto& g : sym.groups)
        share_indicators(g.bank, g.trackers);
}

void Engine::set_strategies(std::vector<std::shared_ptr<const Strategy>> strategies) {
    std::sort(strategies.begin(), strategies.end(),
              [](const auto& a, const auto& b) { return a->pattern_id < b->pattern_id; });
    strategies_ = std::move(strategies);
    frame_size_ = expr::kTempBase;
    for (const auto& s : strategies_)
        frame_size_ = std::max<std::size_t>(frame_size_, static_cast<std::size_t>(s->program.frame_size()));
    worker_.frame.assign(frame_size_, expr::kUndefined);
    for (auto& sym : symbols_) {
        std::vector<Tracker> old;
        for (auto& g : sym->groups) {
            own_indicators(g.bank, g.trackers);
            for (auto& t : g.trackers)
                old.push_back(std::move(t));
        }
        const std::vector<SymbolState::Group> was = std::move(sym->groups);
        build(*sym, std::move(old), was);
    }
}

SymbolState* Engine::find_symbol(std::string_view symbol) {
    // No cache of the last symbol: candles of different symbols interleave, so it would miss
    // nearly always and cost a comparison each time.
    return by_name_.find(symbol);
}

SymbolState& Engine::symbol_state(std::string_view symbol) {
    if (SymbolState* s = find_symbol(symbol)) return *s;
    auto sym = std::make_unique<SymbolState>();
    sym->symbol = std::string(symbol);
    sym->underlying = market_.index(instrument::underlying_of(symbol));
    build(*sym, {});
    SymbolState* p = sym.get();
    symbols_.push_back(std::move(sym));
    by_name_.insert(p->symbol, p);
    return *p;
}

SymbolState* Engine::route(const event::Event& e) {
    const auto* k = e.as<event::Candle>();
    // A partial bar (the data ended before the bar did) is not a closed candle.
    if (!k || k->partial || e.env.kind != event::Kind::Candle || !e.env.timestamp) return nullptr;
    SymbolState& sym = symbol_state(e.env.symbol);
    return sym.group(k->tf) ? &sym : nullptr;
}

void Engine::judge(SymbolState& sym, const event::Candle& k, time::Timestamp ts, bool hist,
                   const Context& ctx, Worker& w, Derived& out) const {
    SymbolState::Group* g = sym.group(k.tf);
    if (!g) return;
    if (w.frame.size() < frame_size_) w.frame.assign(frame_size_, expr::kUndefined);
    CandleView c;
    c.symbol = sym.symbol;
    c.ts = ts;
    c.tf = k.tf;
    c.hist = hist;
    c.day = session_day(c.ts);
    c.bar = indicators::Bar{k.h, k.l, k.c, k.v, c.day};
    fill_candle_fields(k.o, k.h, k.l, k.c, k.v, c.fields.data());
    double* f = w.frame.data();
    std::memcpy(f + expr::slots::kCandle, c.fields.data(), sizeof(double) * expr::kCandleFields);
    std::memcpy(f + expr::slots::kSentiment, ctx.sentiment.data(), sizeof(double) * expr::kSentimentFields);
    f[expr::slots::kRegime] = ctx.regime ? vocab::index(*ctx.regime) : expr::kUndefined;
    if (w.session_day != c.day) {
        w.session_day = c.day;
        w.session = opt_.calendar ? opt_.calendar->session(time::civil_from_days(c.day)) : std::nullopt;
    }
    f[expr::slots::kSessionMinute] =
        w.session && ts >= w.session->open && ts < w.session->close
            ? static_cast<double>((ts.ns - w.session->open.ns) / (60 * time::kNanosPerSecond))
            : expr::kUndefined;
    if (g->bank.values_day != c.day) g->bank.read_values(c.day);
    StepEnv env{&ctx, f, &out, opt_.calendar, &w.scratch, &w.session, &g->bank};
    step_all(g->trackers, c, env);
    g->bank.take(c.bar, c.day);
    if (!g->has_last || c.ts > g->last_ts) {  // an older candle (a replay) is not the last
        g->has_last = true;
        g->last_ts = c.ts;
        g->last_fields = c.fields;
    }
}

void Engine::on_events(const event::EventList& events, Derived& out) {
    for (const auto& e : events) {
        switch (e.env.kind) {
            case event::Kind::Sentiment:
            case event::Kind::Regime:
                market_.apply(e);
                break;
            case event::Kind::Candle:
                if (SymbolState* sym = route(e))
                    judge(*sym, *e.as<event::Candle>(), *e.env.timestamp, e.env.hist,
                          market_.at(sym->underlying), worker_, out);
                break;
            default:
                break;
        }
    }
}

}  // namespace sos::strategy
