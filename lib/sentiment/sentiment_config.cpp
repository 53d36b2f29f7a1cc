#include "sentiment/sentiment_config.hpp"

#include "config/json_config.hpp"
#include "time/civil.hpp"

namespace sos::sentiment {

extern const char* const kShippedSentimentConfig;

const char* shipped_sentiment_config() {
    return kShippedSentimentConfig;
}

SentimentConfig load_sentiment_config(const std::string& path) {
    // Every message names the file it is about (the defaults when no file is given).
    return config::naming_file(path.empty() ? "sentiment defaults" : path, [&] {
        using config::ConfigError;
        const auto j = config::load_layered(kShippedSentimentConfig, "sentiment defaults", path);
        SentimentConfig c;
        config::ObjectReader top(j, "");
        c.iv.rate = top.number("rate", -0.5, 1.0);
        const std::string close = top.string("expiry_close");
        auto secs = time::parse_clock(close);
        if (!secs) throw ConfigError("expiry_close: '" + close + "' is not HH:MM");
        c.expiry_close_seconds = *secs;
        c.velocity_window_minutes = top.number("pcr_velocity_window_minutes", 0.01, 1440);
        auto walls = top.object("walls");
        c.walls.min_steps = static_cast<int>(walls.integer("min_steps", 0, 1000));
        c.walls.min_fraction = walls.number("min_fraction", 0, 1);
        walls.finish();
        auto atm = top.object("atm_iv");
        c.iv.parity_strikes = static_cast<int>(atm.integer("parity_strikes", 1, 16));
        c.iv.max_forward_gap = atm.number("max_forward_gap", 0, 1);
        c.iv.atm_search = static_cast<int>(atm.integer("search_strikes", 0, 100));
        atm.finish();
        c.iv.skew_distance = top.number("skew_distance", 0, 1);
        auto rank = top.object("iv_rank");
        c.iv_lookback_days = static_cast<std::size_t>(rank.integer("lookback_days", 1, 10000));
        c.iv_min_days = static_cast<std::size_t>(rank.integer("min_days", 1, 10000));
        rank.finish();
        auto hv = top.object("hv");
        c.hv_days = static_cast<std::size_t>(hv.integer("days", 2, 10000));
        c.hv_min_returns = static_cast<std::size_t>(hv.integer("min_returns", 2, 10000));
        c.hv_periods_per_year = hv.number("periods_per_year", 1, 100000);
        hv.finish();
        if (c.hv_min_returns > c.hv_days) throw ConfigError("hv.min_returns: cannot exceed hv.days");
        auto age = top.object("max_age_seconds");
        c.chain_max_age_s = age.number("chain", 0, 1e9);
        c.breadth_max_age_s = age.number("breadth", 0, 1e9);
        c.vix_max_age_s = age.number("vix", 0, 1e9);
        age.finish();
        c.vix_symbol = top.string("vix_symbol");
        top.finish();
        return c;
    });
}

}  // namespace sos::sentiment
