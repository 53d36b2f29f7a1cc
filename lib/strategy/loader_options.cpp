// The options kind (the seed's Volatility agent): conditions on the underlying's analytics that
// open a multi-leg structure.
#include <fmt/format.h>

#include <type_traits>

#include "options/structures.hpp"
#include "strategy/load_context.hpp"

namespace sos::strategy::detail {

using options::default_legs;
using options::is_offset;
using options::is_structure;
using options::structure_names;
using options::structure_side;

namespace {

void load_legs(LoadContext& c, const Json& legs, int expiry_offset) {
    Strategy& s = c.strategy();
    if (!c.is_array(legs, "legs")) return;
    if (legs.empty())
        c.error("legs", "an empty leg list: give legs or leave the key out for the structure's own");
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const std::string place = index_place("legs", i);
        const Json& l = legs[i];
        if (!c.is_object(l, place)) continue;
        c.check_keys(l, place, {"action", "option_type", "offset", "expiry_offset", "comment"});
        Leg leg;
        leg.expiry_offset = expiry_offset;
        // `store(text)` keeps a valid value and says whether it was one.
        auto field = [&](const char* key, auto store, const char* what) {
            const Json* v = c.get(l, place, key);
            if (!v) {
                c.error(place, fmt::format("missing '{}'", key));
                return;
            }
            if (auto t = c.string(*v, join_place(place, key)))
                if (!store(*t)) c.error(join_place(place, key), fmt::format("'{}' is not {}", *t, what));
        };
        auto word = [](auto& out) {
            return [&out](const std::string& t) {
                auto e = vocab::parse<std::remove_reference_t<decltype(out)>>(t);
                if (e) out = *e;
                return e.has_value();
            };
        };
        field("action", word(leg.action), "BUY or SELL");
        field("option_type", word(leg.option_type), "CE or PE");
        field(
            "offset",
            [&](const std::string& t) {
                if (is_offset(t)) leg.offset = t;
                return is_offset(t);
            },
            "an offset (ATM, OTM1, ITM2, ...)");
        if (const Json* e = c.get(l, place, "expiry_offset"))
            if (auto v = c.whole(*e, join_place(place, "expiry_offset"), 0, 12)) leg.expiry_offset = *v;
        s.legs.push_back(std::move(leg));
    }
}

}  // namespace

void load_options(LoadContext& c, const Json& root) {
    Strategy& s = c.strategy();
    if (const Json* st = c.get(root, "", "structure")) {
        if (auto v = c.string(*st, "structure")) {
            if (is_structure(*v)) {
                s.structure = *v;
            } else {
                auto hint = expr::did_you_mean(*v, structure_names());
                c.error("structure",
                        hint ? fmt::format("unknown structure '{}': did you mean '{}'?", *v, *hint)
                             : fmt::format("unknown structure '{}'", *v));
            }
        }
    } else {
        c.error("", "missing 'structure' (SHORT_STRANGLE, IRON_CONDOR, ...)");
    }
    if (const Json* u = c.get(root, "", "underlying")) {
        if (u->is_string()) {
            s.symbols.push_back(u->get<std::string>());
        } else if (c.is_array(*u, "underlying")) {
            for (std::size_t i = 0; i < u->size(); ++i)
                if (auto v = c.string((*u)[i], index_place("underlying", i))) s.symbols.push_back(*v);
        }
        for (const auto& sym : s.symbols)
            if (sym.empty()) c.error("underlying", "an empty symbol matches nothing");
    }
    int expiry_offset = 0;
    if (const Json* e = c.get(root, "", "expiry_offset"))
        if (auto v = c.whole(*e, "expiry_offset", 0, 12)) expiry_offset = *v;
    if (const Json* cd = c.get(root, "", "cooldown_bars"))
        if (auto v = c.whole(*cd, "cooldown_bars", 0, 1000000)) s.cooldown_bars = *v;
    if (!s.side && !s.structure.empty()) s.side = structure_side(s.structure);

    Phase phase;
    phase.id = "CONDITIONS";
    if (const Json* conds = c.get(root, "", "conditions")) {
        expr::Scope sc;
        sc.want = expr::Type::Bool;
        sc.what = "a condition";
        sc.no_vars_reason = "an options strategy captures nothing";
        if (c.is_array(*conds, "conditions"))
            for (std::size_t i = 0; i < conds->size(); ++i)
                if (auto e = c.expression((*conds)[i], index_place("conditions", i), sc))
                    phase.conditions.push_back(std::move(*e));
    } else {
        c.error("", "missing 'conditions'");
    }
    s.phases.push_back(std::move(phase));
    if (const Json* sc = c.get(root, "", "score")) {
        expr::Scope num;
        num.want = expr::Type::Number;
        num.what = "score";
        num.params = true;
        num.no_vars_reason = "an options strategy captures nothing";
        s.score = c.expression(*sc, "score", num);
    }
    if (const Json* legs = c.get(root, "", "legs")) {
        load_legs(c, *legs, expiry_offset);
    } else if (!s.structure.empty()) {
        s.legs = default_legs(s.structure, *s.side);
        for (auto& l : s.legs)
            l.expiry_offset += expiry_offset;
    }
}

}  // namespace sos::strategy::detail
