#include "regime/regime_config.hpp"

#include "config/json_config.hpp"

namespace sos::regime {

extern const char* const kShippedRegimeConfig;

const char* shipped_regime_config() {
    return kShippedRegimeConfig;
}

namespace {

using config::ConfigError;
using config::ObjectReader;

constexpr double kBig = 1e9;

Regime regime_named(const std::string& s, const std::string& where) {
    auto r = vocab::parse_any_case<Regime>(s);
    if (!r) throw ConfigError(where + ": '" + s + "' is not one of the seven regimes");
    return *r;
}

std::vector<event::Kind> triggers(ObjectReader& o) {
    std::vector<event::Kind> out;
    for (const auto& name : o.strings("recompute_on")) {
        auto k = event::kind_from_type(name);
        if (k != event::Kind::Candle && k != event::Kind::Sentiment && k != event::Kind::Breadth)
            throw ConfigError(o.where("recompute_on") + ": '" + name +
                              "' is not one of CANDLE, SENTIMENT_UPDATE, BREADTH");
        out.push_back(k);
    }
    if (out.empty()) throw ConfigError(o.where("recompute_on") + ": needs at least one type");
    return out;
}

Bands bands(ObjectReader& o) {
    const auto& v = o.value("bands");
    if (!v.is_array() || v.size() != 6) throw ConfigError(o.where("bands") + ": must be six numbers");
    Bands b;
    for (std::size_t i = 0; i < 6; ++i) {
        if (!v[i].is_number()) throw ConfigError(o.where("bands") + ": must be six numbers");
        b.edges[i] = v[i].get<double>();
        if (i > 0 && !(b.edges[i] > b.edges[i - 1]))
            throw ConfigError(o.where("bands") + ": must be in increasing order");
    }
    return b;
}

std::vector<int> ints(ObjectReader& o, std::string_view key, std::size_t n) {
    const auto& v = o.value(key);
    if (!v.is_array() || v.size() != n)
        throw ConfigError(o.where(key) + ": must be " + std::to_string(n) + " whole numbers");
    std::vector<int> out;
    for (const auto& e : v) {
        if (!e.is_number_integer() || e.get<int>() < 1 || e.get<int>() > 10000)
            throw ConfigError(o.where(key) + ": must be whole numbers from 1 to 10000");
        out.push_back(e.get<int>());
    }
    return out;
}

int period(ObjectReader& o, std::string_view key) {
    return static_cast<int>(o.integer(key, 1, 10000));
}

void read_indicators(ObjectReader o, IndicatorPeriods& p) {
    p.atr = period(o, "atr");
    p.adx = period(o, "adx");
    p.ema_fast = period(o, "ema_fast");
    p.ema_slow = period(o, "ema_slow");
    p.impulse_ema = period(o, "impulse_ema");
    auto macd = ints(o, "macd", 3);
    p.macd_fast = macd[0];
    p.macd_slow = macd[1];
    p.macd_signal = macd[2];
    auto bb = o.object("bollinger");
    p.bollinger = static_cast<int>(bb.integer("period", 2, 10000));
    p.bollinger_k = bb.number("k", 0, 100);
    bb.finish();
    p.ma = period(o, "ma");
    p.volume_average = period(o, "volume_average");
    auto ichi = ints(o, "ichimoku", 3);
    p.tenkan = ichi[0];
    p.kijun = ichi[1];
    p.senkou_b = ichi[2];
    p.overlap = period(o, "overlap_bars");
    o.finish();
}

void read_sos(ObjectReader o, SosSettings& s) {
    s.recompute_on = triggers(o);
    s.rules.clear();
    for (auto& r : o.objects("rules")) {
        SosRule rule;
        rule.regime = regime_named(r.string("regime"), r.where("regime"));
        for (auto [key, slot] :
             {std::pair{"pcr_below", &rule.pcr_below}, std::pair{"pcr_above", &rule.pcr_above},
              std::pair{"ad_below", &rule.ad_below}, std::pair{"ad_above", &rule.ad_above}})
            if (r.has(key)) *slot = r.number(key, 0, kBig);
        r.finish();
        s.rules.push_back(rule);
    }
    s.otherwise = regime_named(o.string("otherwise"), o.where("otherwise"));
    auto h = o.object("hysteresis");
    s.pcr_margin = h.number("pcr", 0, 100);
    s.ad_margin = h.number("ad", 0, 100);
    h.finish();
    s.min_dwell = static_cast<int>(o.integer("min_dwell", 0, 1000000));
    o.finish();
}

void read_tomic(ObjectReader o, TomicSettings& t) {
    t.recompute_on = triggers(o);
    t.min_bars = static_cast<int>(o.integer("min_bars", 1, 100000));
    auto p = o.object("points");
    t.ichimoku = p.number("ichimoku", -kBig, kBig);
    t.impulse = p.number("impulse", -kBig, kBig);
    t.congestion = p.number("congestion", -kBig, kBig);
    t.blowoff = p.number("blowoff", -kBig, kBig);
    t.pcr = p.number("pcr", -kBig, kBig);
    t.adx_trend = p.number("adx_trend", -kBig, kBig);
    t.adx_weak = p.number("adx_weak", -kBig, kBig);
    t.vwap = p.number("vwap", -kBig, kBig);
    p.finish();
    t.congestion_max_band_width = o.number("congestion_max_band_width", 0, kBig);
    auto b = o.object("blowoff");
    t.blowoff_atr_multiple = b.number("atr_multiple", 0, kBig);
    t.blowoff_volume_multiple = b.number("volume_multiple", 0, kBig);
    b.finish();
    t.pcr_above = o.number("pcr_above", 0, kBig);
    auto adx = o.object("adx");
    t.adx_trend_above = adx.number("trend_above", 0, 100);
    t.adx_weak_below = adx.number("weak_below", 0, 100);
    adx.finish();
    t.vwap_min_gap = o.number("vwap_min_gap", 0, 1);
    auto vix = o.object("vix");
    t.vix_below = vix.number("below", 0, kBig);
    t.vix_cap = vix.number("cap", 0, kBig);
    vix.finish();
    t.limit = o.number("limit", 0, kBig);
    t.phase_threshold = o.number("phase_threshold", 0, kBig);
    t.bands = bands(o);
    t.hysteresis = o.number("hysteresis", 0, kBig);
    t.min_dwell = static_cast<int>(o.integer("min_dwell", 0, 1000000));
    t.smoothing = static_cast<int>(o.integer("smoothing", 1, 10000));
    o.finish();
}

void read_blend(ObjectReader o, BlendSettings& b) {
    b.recompute_on = triggers(o);
    auto w = o.object("weights");
    b.w_pcr = w.number("pcr", 0, 100);
    b.w_velocity = w.number("pcr_velocity", 0, 100);
    b.w_breadth = w.number("breadth", 0, 100);
    b.w_trend = w.number("trend", 0, 100);
    w.finish();
    if (b.w_pcr + b.w_velocity + b.w_breadth + b.w_trend <= 0) throw ConfigError("blend.weights: all zero");
    auto pcr = o.object("pcr");
    b.pcr_neutral = pcr.number("neutral", 0, kBig);
    b.pcr_scale = pcr.number("scale", 1e-9, kBig);
    b.pcr_high_bullish = pcr.choice("high_is", {"bullish", "bearish"}) == "bullish";
    pcr.finish();
    auto v = o.object("pcr_velocity");
    b.velocity_scale = v.number("scale", 1e-12, kBig);
    v.finish();
    auto br = o.object("breadth");
    b.breadth_scale = br.number("scale", 1e-9, kBig);
    br.finish();
    auto tr = o.object("trend");
    b.trend_scale = tr.number("scale", 1e-9, kBig);
    tr.finish();
    b.bands = bands(o);
    b.hysteresis = o.number("hysteresis", 0, kBig);
    b.min_dwell = static_cast<int>(o.integer("min_dwell", 0, 1000000));
    b.smoothing = static_cast<int>(o.integer("smoothing", 1, 10000));
    o.finish();
}

}  // namespace

RegimeConfig load_regime_config(const std::string& path) {
    // Every message names the file it is about (the defaults when no file is given).
    return config::naming_file(path.empty() ? "regime defaults" : path, [&] {
        const auto j = config::load_layered(kShippedRegimeConfig, "regime defaults", path);
        RegimeConfig c;
        ObjectReader top(j, "");
        c.model = top.choice("model", {"sos", "tomic", "blend"});
        const std::string tf = top.string("timeframe");
        auto parsed = time::parse_timeframe(tf);
        if (!parsed) throw ConfigError("timeframe: '" + tf + "' is not a timeframe (1m, 5m, 15m, 1h, 1d)");
        c.timeframe = *parsed;
        c.symbols = top.strings("symbols");
        c.stale_after_s = top.number("stale_after_seconds", 0, kBig);
        auto age = top.object("max_age_seconds");
        c.max_age.sentiment_s = age.number("sentiment", 0, kBig);
        c.max_age.breadth_s = age.number("breadth", 0, kBig);
        c.vix_max_age_s = age.number("vix", 0, kBig);
        age.finish();
        c.vix_symbol = top.string("vix_symbol");
        auto cong = top.object("congestion");
        c.congestion.clear();
        for (const auto& s : cong.strings("regimes"))
            c.congestion.push_back(regime_named(s, cong.where("regimes")));
        c.tomic_congestion_phase = cong.boolean("tomic_phase");
        cong.finish();
        auto flags = top.object("flags");
        c.flags.premiums_too_low_below = flags.number("premiums_too_low_below", 0, kBig);
        c.flags.defined_risk_only_above = flags.number("defined_risk_only_above", 0, kBig);
        c.flags.half_size_above = flags.number("half_size_above", 0, kBig);
        c.flags.halt_short_vega_above = flags.number("halt_short_vega_above", 0, kBig);
        flags.finish();
        read_indicators(top.object("indicators"), c.periods);
        read_sos(top.object("sos"), c.sos);
        read_tomic(top.object("tomic"), c.tomic);
        read_blend(top.object("blend"), c.blend);
        auto report = top.object("report");
        c.report_horizons_min.clear();
        const auto& hz = report.value("horizons_minutes");
        if (!hz.is_array()) throw ConfigError("report.horizons_minutes: must be an array of minutes");
        for (const auto& h : hz) {
            if (!h.is_number() || h.get<double>() <= 0)
                throw ConfigError("report.horizons_minutes: must be positive minutes");
            c.report_horizons_min.push_back(h.get<double>());
        }
        report.finish();
        top.finish();
        return c;
    });
}

}  // namespace sos::regime
