#include "strategy/load_context.hpp"

#include <fmt/format.h>
#include <cmath>

#include "expr/error.hpp"
#include "vocab/regime.hpp"

namespace sos::strategy::detail {

std::string join_place(std::string_view base, std::string_view key) {
    return base.empty() ? std::string(key) : fmt::format("{}.{}", base, key);
}

std::string index_place(std::string_view base, std::size_t i) {
    return fmt::format("{}[{}]", base, i);
}

void LoadContext::error(std::string_view place, std::string_view message) {
    errors_.push_back(place.empty() ? fmt::format("{}: {}", file_, message)
                                    : fmt::format("{}: {}: {}", file_, place, message));
}

void LoadContext::check_keys(const Json& obj, std::string_view place,
                             std::initializer_list<std::string_view> allowed) {
    std::vector<std::string_view> names(allowed);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& k = it.key();
        bool ok = false;
        for (auto a : allowed)
            ok = ok || a == k;
        if (ok) continue;
        auto hint = expr::did_you_mean(k, names);
        error(place, hint ? fmt::format("unknown key '{}': did you mean '{}'?", k, *hint)
                          : fmt::format("unknown key '{}'", k));
    }
}

const Json* LoadContext::get(const Json& obj, std::string_view place, std::string_view key,
                             std::string_view alias, std::string* found) {
    auto a = obj.find(std::string(key));
    auto b = alias.empty() ? obj.end() : obj.find(std::string(alias));
    if (a != obj.end() && b != obj.end()) {
        error(place, fmt::format("'{}' and '{}' are two spellings of one key: give one", key, alias));
        return nullptr;
    }
    if (found)
        *found = a != obj.end() ? std::string(key) : b != obj.end() ? std::string(alias) : std::string(key);
    if (a != obj.end()) return &*a;
    if (b != obj.end()) return &*b;
    return nullptr;
}

namespace {
const char* json_kind(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "true/false";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "a list";
    return "an object";
}
}  // namespace

std::optional<std::string> LoadContext::string(const Json& v, std::string_view place) {
    if (!v.is_string()) {
        error(place, fmt::format("must be a string, not {}", json_kind(v)));
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<double> LoadContext::number(const Json& v, std::string_view place) {
    if (!v.is_number()) {
        error(place, fmt::format("must be a number, not {}", json_kind(v)));
        return std::nullopt;
    }
    const double d = v.get<double>();
    if (!std::isfinite(d)) {
        error(place, "must be a finite number");
        return std::nullopt;
    }
    return d;
}

std::optional<int> LoadContext::whole(const Json& v, std::string_view place, int min, int max) {
    auto d = number(v, place);
    if (!d) return std::nullopt;
    if (*d != std::floor(*d) || *d < min || *d > max) {
        error(place, max == 1000000 ? fmt::format("must be a whole number, at least {}", min)
                                    : fmt::format("must be a whole number from {} to {}", min, max));
        return std::nullopt;
    }
    return static_cast<int>(*d);
}

std::optional<bool> LoadContext::boolean(const Json& v, std::string_view place) {
    if (!v.is_boolean()) {
        error(place, fmt::format("must be true or false, not {}", json_kind(v)));
        return std::nullopt;
    }
    return v.get<bool>();
}

bool LoadContext::is_array(const Json& v, std::string_view place) {
    if (v.is_array()) return true;
    error(place, fmt::format("must be a list, not {}", json_kind(v)));
    return false;
}

bool LoadContext::is_object(const Json& v, std::string_view place) {
    if (v.is_object()) return true;
    error(place, fmt::format("must be an object, not {}", json_kind(v)));
    return false;
}

std::optional<Expr> LoadContext::expression(const Json& v, const std::string& place,
                                            const expr::Scope& scope) {
    if (!v.is_string()) {
        error(place, fmt::format("must be an expression in a string, not {}", json_kind(v)));
        return std::nullopt;
    }
    const std::string text = v.get<std::string>();
    auto r = compiler->compile(text, scope);
    if (auto* e = std::get_if<expr::ExprError>(&r)) {
        errors_.push_back(expr::format_expr_error(file_, place, text, *e));
        return std::nullopt;
    }
    auto& c = std::get<expr::Compiled>(r);
    return Expr{c.ref, text, place, std::move(c.leaves)};
}

void load_params(LoadContext& c, const Json& root) {
    Strategy& s = c.strategy();
    // Reads tp_mult, quantity_mod, sl_tightness (either spelling) from one object.
    auto read = [&](const Json& obj, const std::string& place, std::optional<double>& tp,
                    std::optional<double>& qm, std::optional<double>& slt) {
        std::string spelled;
        if (const Json* v = c.get(obj, place, "tp_mult", "tp_multiplier", &spelled)) {
            auto d = c.number(*v, join_place(place, spelled));
            if (d && *d < 0)
                c.error(join_place(place, spelled), "must not be negative");
            else
                tp = d;
        }
        if (const Json* v = c.get(obj, place, "quantity_mod", "quantity_scale", &spelled)) {
            auto d = c.number(*v, join_place(place, spelled));
            if (d && *d < 0)
                c.error(join_place(place, spelled), "must not be negative");
            else
                qm = d;
        }
        if (const Json* v = c.get(obj, place, "sl_tightness")) {
            auto d = c.number(*v, join_place(place, "sl_tightness"));
            if (d && (*d < 0 || *d > 1))
                c.error(join_place(place, "sl_tightness"), "must lie in [0, 1]");
            else
                slt = d;
        }
    };
    if (const Json* p = c.get(root, "", "params")) {
        if (c.is_object(*p, "params")) {
            c.check_keys(
                *p, "params",
                {"tp_mult", "tp_multiplier", "quantity_mod", "quantity_scale", "sl_tightness", "comment"});
            std::optional<double> tp, qm, slt;
            read(*p, "params", tp, qm, slt);
            if (tp) s.params.tp_mult = *tp;
            if (qm) s.params.quantity_mod = *qm;
            if (slt) s.params.sl_tightness = *slt;
        }
    }
    std::string spelled;
    const Json* rc = c.get(root, "", "regime_config", "regime_overrides", &spelled);
    if (!rc || !c.is_object(*rc, spelled)) return;
    const auto& table = vocab::Names<vocab::Regime>::table;
    std::vector<std::string_view> regimes(table.begin(), table.end());
    for (auto it = rc->begin(); it != rc->end(); ++it) {
        const std::string place = join_place(spelled, it.key());
        auto regime = vocab::parse<vocab::Regime>(it.key());
        if (!regime) {
            auto hint = expr::did_you_mean(it.key(), regimes);
            c.error(spelled, hint ? fmt::format("unknown regime '{}': did you mean '{}'?", it.key(), *hint)
                                  : fmt::format("unknown regime '{}'; the regimes are {}", it.key(),
                                                vocab::name_list<vocab::Regime>()));
            continue;
        }
        if (!c.is_object(it.value(), place)) continue;
        c.check_keys(it.value(), place,
                     {"allow_entry", "tp_mult", "tp_multiplier", "quantity_mod", "quantity_scale",
                      "sl_tightness", "comment"});
        RegimeEntry& e = s.regimes[static_cast<std::size_t>(vocab::index(*regime))];
        if (const Json* a = c.get(it.value(), place, "allow_entry"))
            e.allow_entry = c.boolean(*a, join_place(place, "allow_entry"));
        read(it.value(), place, e.tp_mult, e.quantity_mod, e.sl_tightness);
    }
}

}  // namespace sos::strategy::detail
