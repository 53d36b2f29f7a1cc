#include "strategy/loader.hpp"

#include <fmt/format.h>

#include "config/json_document.hpp"
#include "strategy/decision.hpp"
#include "strategy/load_context.hpp"

namespace sos::strategy {

using detail::index_place;
using detail::join_place;
using detail::Json;
using detail::LoadContext;

namespace {

bool is_name(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

// pattern_id is part of every signal id (PATTERN:SYMBOL:TF:TS), so it may not hold a colon.
bool is_pattern_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '.'))
            return false;
    return true;
}

// The file's meaning without its annotations, so that editing a comment keeps a saved state.
Json without_comments(const Json& v) {
    if (v.is_object()) {
        Json o = Json::object();
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "comment" && it.key() != "description")
                o[it.key()] = without_comments(it.value());
        return o;
    }
    if (v.is_array()) {
        Json a = Json::array();
        for (const auto& e : v)
            a.push_back(without_comments(e));
        return a;
    }
    return v;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

expr::Scope condition_scope(const Strategy& s, int phase) {
    expr::Scope sc;
    sc.want = expr::Type::Bool;
    sc.what = "a condition";
    sc.vars = &s.vars;
    sc.vars_before_phase = phase;
    return sc;
}

// The phase list, after registering the names every phase captures, so that each expression
// knows which exist and which phase captures each first. Null when there is no usable list.
const Json* collect_captures(LoadContext& c, const Json& root, std::string& key) {
    Strategy& s = c.strategy();
    const Json* phases = c.get(root, "", "phases", "states", &key);
    if (!phases) {
        if (!root.contains("phases") && !root.contains("states"))
            c.error("", "missing 'phases': a strategy needs at least one phase");
        return nullptr;
    }
    if (!c.is_array(*phases, key)) return nullptr;
    if (phases->empty()) {
        c.error(key, "the phase list is empty: a strategy needs at least one phase");
        return nullptr;
    }
    for (std::size_t k = 0; k < phases->size(); ++k) {
        s.vars.phase_places.push_back(index_place(key, k));
        const Json& ph = (*phases)[k];
        if (!ph.is_object()) continue;
        auto cap = ph.find("capture");
        if (cap == ph.end() || !cap->is_object()) continue;
        for (auto it = cap->begin(); it != cap->end(); ++it)
            if (is_name(it.key())) s.vars.add(it.key(), static_cast<int>(k));
    }
    // Captured variables live in a fixed block of the frame, beside the indicator values.
    if (s.vars.names.size() > static_cast<std::size_t>(expr::kMaxLocals)) {
        c.error(key, fmt::format("{} captured variables: at most {} in one strategy", s.vars.names.size(),
                                 expr::kMaxLocals));
        return nullptr;
    }
    return phases;
}

void load_phases(LoadContext& c, const Json* phases, const std::string& key) {
    Strategy& s = c.strategy();
    if (!phases) return;
    for (std::size_t k = 0; k < phases->size(); ++k) {
        const std::string place = index_place(key, k);
        const Json& ph = (*phases)[k];
        Phase phase;
        phase.id = std::to_string(k + 1);
        if (!c.is_object(ph, place)) {
            s.phases.push_back(std::move(phase));
            continue;
        }
        c.check_keys(ph, place, {"id", "step", "conditions", "capture", "timeout", "comment", "description"});
        std::string idkey;
        if (const Json* id = c.get(ph, place, "id", "step", &idkey)) {
            if (id->is_number_integer())
                phase.id = std::to_string(id->get<long long>());
            else if (auto v = c.string(*id, join_place(place, idkey)))
                phase.id = *v;
        }
        if (const Json* conds = c.get(ph, place, "conditions")) {
            const std::string cp = join_place(place, "conditions");
            if (c.is_array(*conds, cp))
                for (std::size_t i = 0; i < conds->size(); ++i)
                    if (auto e = c.expression((*conds)[i], index_place(cp, i),
                                              condition_scope(s, static_cast<int>(k))))
                        phase.conditions.push_back(std::move(*e));
        }
        if (const Json* cap = c.get(ph, place, "capture")) {
            const std::string cp = join_place(place, "capture");
            if (c.is_object(*cap, cp)) {
                expr::Scope sc = condition_scope(s, static_cast<int>(k));
                sc.want = expr::Type::Number;
                sc.what = "a capture";
                for (auto it = cap->begin(); it != cap->end(); ++it) {
                    if (!is_name(it.key())) {
                        c.error(cp, fmt::format("'{}' is not a name: use letters, digits and _", it.key()));
                        continue;
                    }
                    if (auto e = c.expression(it.value(), join_place(cp, it.key()), sc))
                        phase.captures.push_back(Capture{it.key(), *s.vars.find(it.key()), std::move(*e)});
                }
            }
        }
        if (const Json* t = c.get(ph, place, "timeout")) {
            const std::string tp = join_place(place, "timeout");
            if (k == 0)
                c.error(tp,
                        "a timeout on the first phase is not allowed: it waits for its setup as long as it "
                        "takes");
            else if (auto v = c.whole(*t, tp, 1, 1000000))
                phase.timeout = *v;
        }
        s.phases.push_back(std::move(phase));
    }
    s.phases_key = without_comments(*phases).dump();
}

void load_execution(LoadContext& c, const Json& root) {
    Strategy& s = c.strategy();
    const Json* ex = c.get(root, "", "execution");
    if (!ex) {
        c.error("", "missing 'execution': entry, sl and tp are needed");
        return;
    }
    if (!c.is_object(*ex, "execution")) return;
    c.check_keys(*ex, "execution", {"entry", "sl", "tp", "score", "comment", "description"});
    expr::Scope sc;
    sc.want = expr::Type::Number;
    sc.vars = &s.vars;
    sc.params = true;
    auto one = [&](const char* key, std::optional<Expr>& out, bool required) {
        const std::string place = join_place("execution", key);
        sc.what = place;
        const Json* v = c.get(*ex, "execution", key);
        if (!v) {
            if (required) c.error("execution", fmt::format("missing '{}'", key));
            return;
        }
        out = c.expression(*v, place, sc);
    };
    one("entry", s.entry, true);
    sc.entry = true;
    one("sl", s.sl, true);
    sc.sl = sc.risk = true;
    one("tp", s.tp, true);
    one("score", s.score, false);
}

void load_gates(LoadContext& c, const Json& root) {
    Strategy& s = c.strategy();
    const Json* g = c.get(root, "", "gates");
    if (!g || !c.is_array(*g, "gates")) return;
    expr::Scope sc = condition_scope(s, static_cast<int>(s.phases.size()) + 1);
    sc.what = "a gate";
    if (s.kind == Kind::Options) {
        sc.vars = nullptr;
        sc.no_vars_reason = "an options strategy captures nothing";
    }
    for (std::size_t i = 0; i < g->size(); ++i)
        if (auto e = c.expression((*g)[i], index_place("gates", i), sc)) s.gates.push_back(std::move(*e));
}

}  // namespace

LoadResult load_strategy(std::string_view file, std::string_view text) {
    auto s = std::make_shared<Strategy>();
    s->file = std::string(file);
    LoadContext c(file, *s);
    LoadResult result;

    auto doc = config::parse_document<Json>(text);
    for (const auto& problem : doc.problems)
        c.error("", problem);
    if (c.failed()) {
        result.errors = std::move(c.errors());
        return result;
    }
    const Json& root = doc.value;
    if (!root.is_object()) {
        c.error("", "a strategy file holds one JSON object");
        result.errors = std::move(c.errors());
        return result;
    }

    if (const Json* kind = c.get(root, "", "kind")) {
        if (auto k = c.string(*kind, "kind")) {
            if (*k == "options")
                s->kind = Kind::Options;
            else if (*k != "pattern")
                c.error("kind", fmt::format("'{}' is not a kind: pattern or options", *k));
        }
    }
    if (s->kind == Kind::Pattern)
        c.check_keys(
            root, "",
            {"pattern_id", "kind", "side", "timeframe", "symbols", "params", "regime_config",
             "regime_overrides", "gates", "phases", "states", "execution", "comment", "description"});
    else
        c.check_keys(root, "",
                     {"pattern_id", "kind", "side", "timeframe", "underlying", "structure", "conditions",
                      "gates", "legs", "expiry_offset", "cooldown_bars", "score", "params", "regime_config",
                      "regime_overrides", "comment", "description"});
    if (const Json* id = c.get(root, "", "pattern_id")) {
        if (auto v = c.string(*id, "pattern_id")) {
            if (is_pattern_id(*v))
                s->pattern_id = *v;
            else
                c.error("pattern_id",
                        fmt::format("'{}' is not a pattern id: 1 to 64 letters, digits, _ - or .", *v));
        }
    } else {
        c.error("", "missing 'pattern_id'");
    }
    for (const char* key : {"comment", "description"})
        if (const Json* v = c.get(root, "", key))
            if (auto t = c.string(*v, key); t && s->comment.empty()) s->comment = *t;
    if (const Json* side = c.get(root, "", "side")) {
        if (auto v = c.string(*side, "side")) {
            if (auto parsed = vocab::parse<vocab::Side>(*v))
                s->side = *parsed;
            else
                c.error("side", fmt::format("'{}' is not a side: BUY or SELL", *v));
        }
    }
    if (const Json* tf = c.get(root, "", "timeframe")) {
        if (auto v = c.string(*tf, "timeframe")) {
            if (auto t = time::parse_timeframe(*v))
                s->tf = *t;
            else
                c.error("timeframe",
                        fmt::format("'{}' is not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)", *v));
        }
    }
    if (s->kind == Kind::Pattern) {
        if (const Json* sy = c.get(root, "", "symbols")) {
            if (c.is_array(*sy, "symbols"))
                for (std::size_t i = 0; i < sy->size(); ++i)
                    if (auto v = c.string((*sy)[i], index_place("symbols", i))) {
                        if (v->empty())
                            c.error(index_place("symbols", i), "an empty symbol matches nothing");
                        else
                            s->symbols.push_back(*v);
                    }
        }
    }
    detail::load_params(c, root);
    std::string phases_key;
    const Json* phases = s->kind == Kind::Pattern ? collect_captures(c, root, phases_key) : nullptr;
    expr::Compiler compiler(s->program, static_cast<int>(s->vars.names.size()));
    c.compiler = &compiler;
    if (s->kind == Kind::Pattern) {
        load_phases(c, phases, phases_key);
        load_execution(c, root);
        load_gates(c, root);
    } else {
        detail::load_options(c, root);
        load_gates(c, root);
    }
    c.compiler = nullptr;
    s->fingerprint = fnv1a(without_comments(root).dump());
    if (c.failed()) {
        result.errors = std::move(c.errors());
        return result;
    }
    for (const auto& site : s->program.sites)
        s->site_inputs.push_back(
            site.has_input ? site.input : expr::ExprRef{0, 0, static_cast<expr::Slot>(expr::slots::kCandle)});
    for (auto& phase : s->phases)
        for (auto& condition : phase.conditions)
            condition.fast = expr::fast_condition(s->program, condition.ref);
    prepare_decision_text(*s);
    result.strategy = std::move(s);
    return result;
}

}  // namespace sos::strategy
