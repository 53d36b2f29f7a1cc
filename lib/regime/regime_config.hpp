// sos-regime's settings: which model, on which bars, the weights, thresholds, hysteresis and
// dwell of each model, the flag thresholds, freshness limits and what counts as congestion.
// Shipped in data/regime.json (compiled in); --config overlays a user's file on it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "event/kind.hpp"
#include "regime/bands.hpp"
#include "regime/bar_indicators.hpp"
#include "regime/model.hpp"
#include "time/timeframe.hpp"

namespace sos::regime {

struct SosRule {
    Regime regime = Regime::Sideways;
    std::optional<double> pcr_below, pcr_above, ad_below, ad_above;
};

struct SosSettings {
    std::vector<event::Kind> recompute_on;
    std::vector<SosRule> rules;
    Regime otherwise = Regime::Sideways;
    double pcr_margin = 0.02, ad_margin = 0.05;
    int min_dwell = 3;
};

struct TomicSettings {
    std::vector<event::Kind> recompute_on;
    int min_bars = 52;
    double ichimoku = 8, impulse = 6, congestion = -4, blowoff = 4, pcr = 5, adx_trend = 2, adx_weak = -3,
           vwap = 2;
    double congestion_max_band_width = 0.04;
    double blowoff_atr_multiple = 3, blowoff_volume_multiple = 2;
    double pcr_above = 1.2;
    double adx_trend_above = 25, adx_weak_below = 20;
    double vwap_min_gap = 0.001;
    double vix_below = 12, vix_cap = 5;
    double limit = 20;
    double phase_threshold = 5;
    Bands bands{{-13, -8, -3, 3, 8, 13}};
    double hysteresis = 2;
    int min_dwell = 15;
    int smoothing = 5;
};

struct BlendSettings {
    std::vector<event::Kind> recompute_on;
    double w_pcr = 0.35, w_velocity = 0.1, w_breadth = 0.15, w_trend = 0.4;
    double pcr_neutral = 1.0, pcr_scale = 0.25;
    bool pcr_high_bullish = true;
    double velocity_scale = 0.005;
    double breadth_scale = 0.5;
    double trend_scale = 1.0;
    Bands bands{{-60, -35, -15, 15, 35, 60}};
    double hysteresis = 8;
    int min_dwell = 10;
    int smoothing = 5;
};

struct FlagSettings {
    double premiums_too_low_below = 12;
    double defined_risk_only_above = 25;
    double half_size_above = 30;
    double halt_short_vega_above = 40;
};

struct RegimeConfig {
    std::string model = "blend";
    time::Timeframe timeframe = time::kOneMinute;
    std::vector<std::string> symbols;  // empty: every underlying with sentiment, breadth or index bars
    double stale_after_s = 600;
    Freshness max_age;
    double vix_max_age_s = 600;
    std::string vix_symbol = "INDIAVIX";
    std::vector<Regime> congestion{Regime::Sideways};
    bool tomic_congestion_phase = true;
    FlagSettings flags;
    IndicatorPeriods periods;
    SosSettings sos;
    TomicSettings tomic;
    BlendSettings blend;
    std::vector<double> report_horizons_min{15, 60};
};

// The shipped defaults overlaid with the file at `path` (none when empty). Throws
// config::ConfigError naming the key.
RegimeConfig load_regime_config(const std::string& path);
const char* shipped_regime_config();

}  // namespace sos::regime
