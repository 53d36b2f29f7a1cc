#include "strategy/tracker.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "strategy/decision.hpp"
#include "strategy/indicator_bank.hpp"
#include "strategy/trace.hpp"
#include "time/bar_close.hpp"

namespace sos::strategy {

using expr::kUndefined;
namespace slots = expr::slots;

namespace {

indicators::Kind to_indicator(expr::IndicatorKind k) {
    switch (k) {
        case expr::IndicatorKind::Atr:
            return indicators::Kind::Atr;
        case expr::IndicatorKind::Sma:
            return indicators::Kind::Sma;
        case expr::IndicatorKind::Ema:
            return indicators::Kind::Ema;
        case expr::IndicatorKind::Rsi:
            return indicators::Kind::Rsi;
        case expr::IndicatorKind::Highest:
            return indicators::Kind::Highest;
        case expr::IndicatorKind::Lowest:
            return indicators::Kind::Lowest;
        case expr::IndicatorKind::Vwap:
            return indicators::Kind::Vwap;
    }
    return indicators::Kind::Atr;
}

event::OptNum opt(double v) {
    return std::isnan(v) ? event::OptNum{} : event::OptNum{v};
}

time::Timestamp close_of(const StepEnv& env, const CandleView& c) {
    return time::bar_close(c.ts, c.tf, env.calendar, env.session);
}

std::string day_text(std::int64_t day) {
    return time::format_date(time::civil_from_days(day));
}

bool all_hold(const Strategy& s, const std::vector<Expr>& conds, double* f) {
    for (const auto& e : conds)
        if (e.fast.usable ? !e.fast.holds(f) : !expr::holds(expr::evaluate_inline(s.program, e.ref, f)))
            return false;
    return true;
}

// Gates, then the regime-adjusted execution, then the decision line. The tracker resets after.
void trigger(Tracker& t, const CandleView& c, StepEnv& env) {
    const Strategy& s = *t.s;
    double* f = env.frame;
    const time::Timestamp close = close_of(env, c);
    Execution x;
    x.regime = env.ctx->regime;
    x.params = s.effective(x.regime);
    f[slots::kTpMult] = x.params.tp_mult;
    f[slots::kQuantityMod] = x.params.quantity_mod;
    f[slots::kSlTightness] = x.params.sl_tightness;
    f[slots::kEntry] = f[slots::kSl] = f[slots::kRisk] = kUndefined;

    const Expr* failed = nullptr;
    double failed_value = 0;
    for (const auto& g : s.gates) {
        const double v = expr::evaluate(s.program, g.ref, f);
        if (t.explain) {
            TraceLine line{"GATE", {}, {}, {}, std::isnan(v) ? "undefined" : v == 1 ? "true" : "false",
                           g.text, {}};
            add_leaf_values(g, f, line.values);
            write_trace(s, c, close, std::move(line), *env.out);
        }
        if (!expr::holds(v) && !failed) {
            failed = &g;
            failed_value = v;
        }
    }
    double sl_raw = kUndefined;
    if (s.kind == Kind::Pattern) {
        x.entry = expr::evaluate(s.program, s.entry->ref, f);
        f[slots::kEntry] = x.entry;
        sl_raw = expr::evaluate(s.program, s.sl->ref, f);
        // Without tightening the stop is the strategy's own, to the last digit.
        x.sl =
            x.params.sl_tightness == 0 ? sl_raw : x.entry + (sl_raw - x.entry) * (1 - x.params.sl_tightness);
        x.risk = std::fabs(x.entry - x.sl);
        f[slots::kSl] = x.sl;
        f[slots::kRisk] = x.risk;
        x.tp = expr::evaluate(s.program, s.tp->ref, f);
    }
    if (s.score) {
        x.has_score = true;
        x.score = expr::evaluate(s.program, s.score->ref, f);
    }
    x.side = s.side ? *s.side : (sl_raw > x.entry ? vocab::Side::Sell : vocab::Side::Buy);

    std::string reason, detail;
    if (failed) {
        reason = "SENTIMENT_VETO";
        detail =
            fmt::format("gate {}: {}", std::isnan(failed_value) ? "undefined" : "not true", failed->text);
    } else if (s.kind == Kind::Pattern && (std::isnan(x.entry) || std::isnan(x.sl) || std::isnan(x.tp))) {
        reason = "UNDEFINED_PRICE";
        const Expr& which = std::isnan(x.entry) ? *s.entry : std::isnan(sl_raw) ? *s.sl : *s.tp;
        detail = fmt::format("{} undefined: {}",
                             std::isnan(x.entry) ? "entry"
                             : std::isnan(x.sl)  ? "stop"
                                                 : "target",
                             which.text);
    }
    if (t.explain) {
        TraceLine line{"TRIGGER", static_cast<int>(s.phases.size()) - 1,          0, s.phases.back().id,
                       {},        reason.empty() ? "SIGNAL" : "REJECT " + reason, {}};
        if (s.kind == Kind::Pattern) {
            line.values = {{"entry", opt(x.entry)},
                           {"sl_raw", opt(sl_raw)},
                           {"sl", opt(x.sl)},
                           {"risk", opt(x.risk)},
                           {"tp", opt(x.tp)}};
        }
        line.values.emplace_back("tp_mult", x.params.tp_mult);
        line.values.emplace_back("quantity_mod", x.params.quantity_mod);
        line.values.emplace_back("sl_tightness", x.params.sl_tightness);
        write_trace(s, c, close, std::move(line), *env.out);
    }
    write_decision(s, t, c, x, reason, detail, close, *env.out);
}

// Step 4: the phase's conditions held on this candle. Out of line, as every rare path of a
// step is, so that the test every tracker runs on every candle stays a small function.
[[gnu::noinline]] void complete_phase(Tracker& t, const CandleView& c, StepEnv& env) {
    const Strategy& s = *t.s;
    double* f = env.frame;
    const Phase& ph = s.phases[static_cast<std::size_t>(t.phase)];
    // Captures are evaluated together on this candle, then stored.
    auto& vals = *env.scratch;
    vals.clear();
    for (const auto& cap : ph.captures)
        vals.push_back(expr::value_of(s.program, cap.expr.ref, f));
    for (std::size_t i = 0; i < ph.captures.size(); ++i) {
        const int v = ph.captures[i].var;
        t.locals[static_cast<std::size_t>(v)] = vals[i];
        f[s.program.var_slot(v)] = vals[i];
    }
    const int from = t.phase;
    ++t.phase;
    t.since = 0;
    if (t.explain) {
        TraceLine line{"PHASE", from, t.phase, ph.id, {}, joined(ph.conditions), {}};
        add_leaf_values(ph.conditions, f, line.values);
        for (const auto& cap : ph.captures)
            line.values.emplace_back("var." + cap.name, opt(f[s.program.var_slot(cap.var)]));
        write_trace(s, c, close_of(env, c), std::move(line), *env.out);
    }
    if (t.phase == static_cast<int>(s.phases.size())) {
        trigger(t, c, env);
        if (s.kind == Kind::Options) t.cooldown = s.cooldown_bars;
        t.reset();
    }
}

// Step 3 for the phase the tracker waits for.
inline void judge_phase(Tracker& t, const CandleView& c, StepEnv& env) {
    const Strategy& s = *t.s;
    if (all_hold(s, s.phases[static_cast<std::size_t>(t.phase)].conditions, env.frame))
        complete_phase(t, c, env);
}

[[gnu::noinline]] void trace_reset(Tracker& t, const CandleView& c, StepEnv& env, const char* event, int from,
                                   std::string detail, TraceValues values = {}) {
    const Strategy& s = *t.s;
    TraceLine line{event,
                   from,
                   0,
                   s.phases[static_cast<std::size_t>(from)].id,
                   {},
                   std::move(detail),
                   std::move(values)};
    write_trace(s, c, close_of(env, c), std::move(line), *env.out);
}

[[gnu::noinline]] void explain_new_session(Tracker& t, const CandleView& c, StepEnv& env) {
    trace_reset(
        t, c, env, "RESET", t.phase,
        fmt::format("new session {} (the last candle was on {})", day_text(c.day), day_text(t.last_day)));
}

[[gnu::noinline]] void explain_veto(Tracker& t, const CandleView& c, StepEnv& env) {
    trace_reset(t, c, env, "VETO", t.phase,
                fmt::format("regime {} does not allow entry", vocab::name(*env.ctx->regime)));
}

[[gnu::noinline]] void explain_timeout(Tracker& t, const CandleView& c, StepEnv& env, const Phase& ph) {
    trace_reset(t, c, env, "TIMEOUT", t.phase,
                fmt::format("{} not met within {} candle{}", ph.id, ph.timeout, ph.timeout == 1 ? "" : "s"),
                {{"waited", static_cast<double>(t.since)}, {"timeout", static_cast<double>(ph.timeout)}});
}

}  // namespace

void fill_candle_fields(double o, double h, double l, double c, double v, double* out) {
    out[expr::kOpen] = o;
    out[expr::kHigh] = h;
    out[expr::kLow] = l;
    out[expr::kClose] = c;
    out[expr::kVolume] = v;
    out[expr::kRange] = h - l;
    out[expr::kBody] = std::fabs(c - o);
    out[expr::kUpperWick] = h - std::max(o, c);
    out[expr::kLowerWick] = std::min(o, c) - l;
    out[expr::kMid] = (h + l) / 2;
}

Tracker::Tracker(std::shared_ptr<const Strategy> strategy) : s(std::move(strategy)) {
    // Padded to a multiple of four for the step's block copy (see there).
    locals.assign(std::max<std::size_t>(4, (static_cast<std::size_t>(s->program.var_count) + 3) / 4 * 4),
                  kUndefined);
    inds.reserve(s->program.sites.size());
    for (const auto& site : s->program.sites)
        inds.emplace_back(to_indicator(site.kind), site.period);
    prev.fill(kUndefined);
}

void Tracker::reset() {
    phase = 0;
    since = 0;
    std::fill(locals.begin(), locals.begin() + s->program.var_count, kUndefined);
}

namespace {

// Inlined into step_all's loop: a call per tracker saved and restored half a dozen registers,
// a tenth of a step's work.
[[gnu::always_inline]] inline void step(Tracker& t, const CandleView& c, StepEnv& env) {
    // A candle at or before the last one taken in is already part of this state (a history
    // replay overlapping a restored state, say): taking it again would count it twice.
    if (t.has_last && c.ts <= t.last_ts) return;
    const Strategy& s = *t.s;
    double* f = env.frame;

    // Yesterday's mother candle never triggers today.
    if (s.intraday() && t.has_last && c.day != t.last_day) {
        if (t.explain) explain_new_session(t, c, env);
        t.reset();
        t.cooldown = 0;
    }

    if (s.program.reads_prev)
        std::memcpy(f + slots::kPrev, t.prev.data(), sizeof(double) * expr::kCandleFields);
    const int vars = s.program.var_count;
    // Captured variables slot after slot, four at a time: a copy of a fixed size is a few moves,
    // one of a variable size a library call. Most strategies capture at most four, so the first
    // block is copied without a loop. The padding lands in the indicator slots written next, or
    // past the strategy's own, which it never reads (at most kMaxLocals, a multiple of 4).
    static_assert(expr::kMaxLocals % 4 == 0);
    std::memcpy(f + slots::kCommon, t.locals.data(), 4 * sizeof(double));
    for (std::size_t i = 4; i < t.locals.size(); i += 4)
        std::memcpy(f + slots::kCommon + i, t.locals.data() + i, 4 * sizeof(double));
    const std::size_t sites = t.entries.size();
    const double* values = env.bank->values.data();
    double* site_values = f + slots::kCommon + vars;
    for (std::size_t i = 0; i < sites; ++i)
        site_values[i] = values[t.entries[i]];

    if (s.kind == Kind::Options && t.cooldown > 0) {
        --t.cooldown;
    } else if (!s.allows_entry(env.ctx->regime)) {
        if (t.explain) explain_veto(t, c, env);
        t.reset();
    } else {
        if (t.phase > 0) {
            ++t.since;
            const Phase& ph = s.phases[static_cast<std::size_t>(t.phase)];
            if (ph.timeout > 0 && t.since > ph.timeout) {
                if (t.explain) explain_timeout(t, c, env, ph);
                t.reset();
                for (int v = 0; v < vars; ++v)
                    f[s.program.var_slot(v)] = kUndefined;
            }
        }
        judge_phase(t, c, env);
    }

    // The indicators take every candle whatever happened above, after the whole group has read
    // them (IndicatorBank::take); their inputs are read now, so that sma(atr, 5) averages atr as
    // it stood before this candle.
    for (const std::uint32_t i : t.feeds) {
        const std::uint32_t e = t.entries[i];
        env.bank->inputs[e] = expr::value_of(s.program, s.site_inputs[i], f);
        env.bank->fed[e] = 1;
    }
    if (s.program.reads_prev) {
        std::memcpy(t.prev.data(), c.fields.data(), sizeof(double) * expr::kCandleFields);
        t.has_prev = true;
    }
    t.has_last = true;
    t.last_ts = c.ts;
    t.last_day = c.day;
}

}  // namespace

void step_all(std::vector<Tracker>& trackers, const CandleView& c, StepEnv& env) {
    for (auto& t : trackers)
        step(t, c, env);
}

}  // namespace sos::strategy
