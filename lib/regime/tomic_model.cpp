#include "regime/tomic_model.hpp"

#include <algorithm>
#include <cmath>

#include "regime/inputs_json.hpp"

namespace sos::regime {

namespace {
double sign_of(double x) {
    return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}
}  // namespace

Evaluation TomicModel::evaluate(const ModelInputs& in) const {
    Evaluation ev;
    const BarIndicators* b = in.bars;
    if (!b || b->bars() < static_cast<std::size_t>(s_.min_bars)) return ev;
    auto cloud = b->cloud();
    if (!cloud) return ev;
    ev.ok = true;
    const double close = b->close();
    InputsJson j(ev.inputs);
    auto& w = j.w();
    double score = 0;

    const int cloud_side = close > cloud->second ? 1 : close < cloud->first ? -1 : 0;
    score += cloud_side * s_.ichimoku;
    w.str("ichimoku", cloud_side > 0 ? "BULLISH" : cloud_side < 0 ? "BEARISH" : "NEUTRAL");

    const int impulse = b->impulse().value_or(0);
    score += impulse * s_.impulse;
    w.str("impulse", impulse > 0 ? "GREEN" : impulse < 0 ? "RED" : "BLUE");

    auto width = b->bollinger_width();
    auto overlap = b->ranges_overlap();
    const bool congestion = width && overlap && *width <= s_.congestion_max_band_width && *overlap;
    if (congestion) score += s_.congestion;
    w.boolean("congestion", congestion);
    if (width) w.num("band_width", round_to(*width, 1e5));

    auto ma = b->moving_average();
    auto atr = b->atr();
    auto avg_volume = b->average_volume();
    const bool blowoff = ma && atr && avg_volume && std::abs(close - *ma) > s_.blowoff_atr_multiple * *atr &&
                         b->volume() > s_.blowoff_volume_multiple * *avg_volume;
    if (blowoff) {
        // Pushes further the way the score already leans (the way price ran when it leans nowhere).
        const double dir = score != 0 ? sign_of(score) : sign_of(close - *ma);
        score += dir * s_.blowoff;
    }
    w.boolean("blowoff", blowoff);

    const double* pcr = in.sentiment->pcr.fresh(in.now, in.max_age.sentiment_s);
    if (pcr) {
        w.num("pcr", round_to(*pcr, 1e4));
        if (*pcr > s_.pcr_above && cloud_side > 0) score += s_.pcr;
    }

    auto adx = b->adx();
    if (adx) {
        w.num("adx", round_to(*adx, 1e2));
        if (*adx > s_.adx_trend_above)
            score += sign_of(score) * s_.adx_trend;
        else if (*adx > 0 && *adx < s_.adx_weak_below)
            score += s_.adx_weak;
    }

    if (auto vwap = b->vwap()) {
        w.num("vwap", round_to(*vwap, 1e2));
        if (close > *vwap * (1 + s_.vwap_min_gap) && score > 0)
            score += s_.vwap;
        else if (close < *vwap * (1 - s_.vwap_min_gap) && score < 0)
            score -= s_.vwap;
    }

    if (in.vix) {
        w.num("vix", *in.vix);
        if (*in.vix < s_.vix_below) score = std::clamp(score, -s_.vix_cap, s_.vix_cap);
    }
    score = std::clamp(score, -s_.limit, s_.limit);
    ev.score = ev.raw_score = score;

    ev.phase = blowoff                        ? "BLOWOFF"
               : congestion                   ? "CONGESTION"
               : score >= s_.phase_threshold  ? "BULLISH"
               : score <= -s_.phase_threshold ? "BEARISH"
                                              : "CONGESTION";
    if (!pcr || !in.vix) {
        w.array("missing");
        if (!pcr) w.element_string("pcr");
        if (!in.vix) w.element_string("vix");
        w.end_array();
    }
    j.close();
    return ev;
}

}  // namespace sos::regime
