#include "regime/blend_model.hpp"

#include <algorithm>
#include <array>

#include "regime/inputs_json.hpp"

namespace sos::regime {

namespace {
double unit(double x) {
    return std::clamp(x, -1.0, 1.0);
}
}  // namespace

Evaluation BlendModel::evaluate(const ModelInputs& in) const {
    Evaluation ev;
    const auto& s = *in.sentiment;
    const double pcr_dir = s_.pcr_high_bullish ? 1.0 : -1.0;
    struct Part {
        const char* name;
        double weight;
        std::optional<double> value;
    };
    std::array<Part, 4> parts = {Part{"pcr", s_.w_pcr, {}}, Part{"pcr_velocity", s_.w_velocity, {}},
                                 Part{"breadth", s_.w_breadth, {}}, Part{"trend", s_.w_trend, {}}};
    const double* pcr = s.pcr.fresh(in.now, in.max_age.sentiment_s);
    const double* vel = s.pcr_velocity.fresh(in.now, in.max_age.sentiment_s);
    const double* adv = s.adv.fresh(in.now, in.max_age.breadth_s);
    const double* dec = s.dec.fresh(in.now, in.max_age.breadth_s);
    // A plain value and flag rather than an optional: GCC 12 misreads the optional's state here.
    const std::optional<double> trend_opt = in.bars ? in.bars->trend_atr() : std::nullopt;
    const bool has_trend = trend_opt.has_value();
    const double trend = trend_opt.value_or(0.0);
    if (pcr) parts[0].value = unit(pcr_dir * (*pcr - s_.pcr_neutral) / s_.pcr_scale);
    if (vel) parts[1].value = unit(pcr_dir * *vel / s_.velocity_scale);
    if (adv && dec && *adv + *dec > 0)
        parts[2].value = unit((*adv - *dec) / (*adv + *dec) / s_.breadth_scale);
    if (has_trend) parts[3].value = unit(trend / s_.trend_scale);

    double sum = 0, weight = 0;
    for (const auto& p : parts) {
        if (!p.value || p.weight <= 0) continue;
        sum += p.weight * *p.value;
        weight += p.weight;
    }
    if (weight <= 0) return ev;
    ev.ok = true;
    ev.score = ev.raw_score = 100 * sum / weight;

    InputsJson j(ev.inputs);
    auto& w = j.w();
    if (pcr) w.num("pcr", round_to(*pcr, 1e4));
    if (vel) w.num("pcr_velocity", round_to(*vel, 1e6));
    if (parts[2].value) w.object("breadth").num("adv", *adv).num("dec", *dec).end_object();
    if (has_trend) w.num("trend_atr", round_to(trend, 1e4));
    w.object("parts");
    for (const auto& p : parts)
        if (p.value && p.weight > 0) w.num(p.name, round_to(*p.value, 1e4));
    w.end_object();
    bool any_missing = false;
    for (const auto& p : parts)
        any_missing = any_missing || (!p.value && p.weight > 0);
    if (any_missing) {
        w.array("missing");
        for (const auto& p : parts)
            if (!p.value && p.weight > 0) w.element_string(p.name);
        w.end_array();
    }
    j.close();
    return ev;
}

}  // namespace sos::regime
