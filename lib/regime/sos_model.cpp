#include "regime/sos_model.hpp"

#include "regime/inputs_json.hpp"

namespace sos::regime {

Regime SosModel::rule(std::optional<double> pcr, std::optional<double> ad) const {
    auto holds = [](std::optional<double> x, std::optional<double> below, std::optional<double> above) {
        if (!x) return true;
        if (below && !(*x < *below)) return false;
        if (above && !(*x > *above)) return false;
        return true;
    };
    for (const auto& r : s_.rules) {
        if (!r.pcr_below && !r.pcr_above && !r.ad_below && !r.ad_above) return r.regime;
        // A rule with no condition on the inputs present does not match on nothing at all.
        const bool uses_pcr = pcr && (r.pcr_below || r.pcr_above);
        const bool uses_ad = ad && (r.ad_below || r.ad_above);
        if (!uses_pcr && !uses_ad) continue;
        if (holds(pcr, r.pcr_below, r.pcr_above) && holds(ad, r.ad_below, r.ad_above)) return r.regime;
    }
    return s_.otherwise;
}

Evaluation SosModel::evaluate(const ModelInputs& in) const {
    Evaluation ev;
    const auto& s = *in.sentiment;
    if (const double* p = s.pcr.fresh(in.now, in.max_age.sentiment_s)) ev.pcr = *p;
    const double* adv = s.adv.fresh(in.now, in.max_age.breadth_s);
    const double* dec = s.dec.fresh(in.now, in.max_age.breadth_s);
    std::optional<double> adv_v, dec_v;
    if (adv && dec) {
        adv_v = *adv;
        dec_v = *dec;
        // No declines: an A/D above every threshold, but finite so it can be written.
        ev.ad = *dec > 0 ? *adv / *dec : (*adv > 0 ? 1e6 : 1.0);
    }
    if (!ev.pcr && !ev.ad) return ev;
    ev.ok = true;
    ev.ruled = rule(ev.pcr, ev.ad);
    ev.score = ev.raw_score = ordinal(*ev.ruled);
    InputsJson j(ev.inputs);
    if (ev.pcr) j.w().num("pcr", round_to(*ev.pcr, 1e4));
    if (ev.ad) {
        j.w().num("ad_ratio", round_to(*ev.ad, 1e4));
        j.w().object("breadth").num("adv", *adv_v).num("dec", *dec_v).end_object();
    }
    if (!ev.pcr || !ev.ad) {
        j.w().array("missing");
        if (!ev.pcr) j.w().element_string("pcr");
        if (!ev.ad) j.w().element_string("breadth");
        j.w().end_array();
    }
    j.close();
    return ev;
}

bool SosModel::leaves(Regime current, const Evaluation& ev) const {
    const Regime t = target(ev);
    if (t == current) return false;
    // Move both inputs toward the current regime: lower PCR and higher A/D are bullish in
    // the bridge's reading.
    const double dir = index(current) > index(t) ? 1.0 : -1.0;
    std::optional<double> pcr = ev.pcr, ad = ev.ad;
    if (pcr) *pcr -= dir * s_.pcr_margin;
    if (ad) *ad += dir * s_.ad_margin;
    return rule(pcr, ad) != current;
}

}  // namespace sos::regime
