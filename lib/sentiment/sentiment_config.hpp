// What the sentiment analytics can be told: the rate, windows, look-backs, freshness limits.
// The shipped values live in data/sentiment.json (compiled in); a user's file overlays them.
#pragma once

#include <string>

#include "sentiment/chain_iv.hpp"
#include "sentiment/oi_analytics.hpp"

namespace sos::sentiment {

struct SentimentConfig {
    IvSettings iv;  // rate, parity strikes, forward sanity gap, ATM search, skew distance
    int expiry_close_seconds = 15 * 3600 + 30 * 60;
    double velocity_window_minutes = 15;
    WallRule walls;
    std::size_t iv_lookback_days = 252;
    std::size_t iv_min_days = 20;
    std::size_t hv_days = 30;
    std::size_t hv_min_returns = 30;
    double hv_periods_per_year = 252;
    double chain_max_age_s = 900;  // an expiry's snapshot older than this is not used
    double breadth_max_age_s = 300;
    double vix_max_age_s = 900;
    std::string vix_symbol = "INDIAVIX";
};

// The shipped defaults overlaid with the file at `path` (none when empty). Throws
// config::ConfigError naming the file and the key.
SentimentConfig load_sentiment_config(const std::string& path);
// The JSON text of the shipped defaults (data/sentiment.json as built in).
const char* shipped_sentiment_config();

}  // namespace sos::sentiment
