// What sos-feed live is asked to do: the tiers in order (each an OpenAlgo instance of the
// brokers file, its key already read), the instruments and timeframes, and the watch, failover
// and output settings. Filled by the tool from its arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "brokers/secret.hpp"
#include "feed/live/nse_chains.hpp"
#include "feed/live/yahoo_tier.hpp"
#include "live/backoff.hpp"
#include "openalgo/frames.hpp"
#include "ratelimit/broker_limiter.hpp"
#include "time/timeframe.hpp"

namespace sos::feed::live {

struct TierConfig {
    std::string name;  // the brokers file's entry
    std::string rest;  // http://host:port
    std::string ws;    // ws://host:port
    brokers::Secret key;
    ratelimit::BrokerLimits limits{};  // the entry's "limits": the REST polls keep to its api budget
};

struct LiveConfig {
    std::vector<TierConfig> tiers;          // the first is the primary
    std::optional<YahooTierOptions> yahoo;  // the last tier, after REST polling: Yahoo Finance's chart
    std::optional<NseChainOptions> nse;     // option chains from NSE instead of the instances
    std::vector<openalgo::Instrument> instruments;
    std::vector<time::Timeframe> tfs;  // empty: 1m
    openalgo::Mode mode = openalgo::Mode::Quote;
    double stall_after_s = 30;
    double instrument_stale_s = 0;  // 0: stall_after_s
    bool session_always = false;    // watch round the clock (tests, 24-hour markets)
    double failback_after_s = 60;
    double health_every_s = 30;  // 0: no HEALTH lines
    double duration_s = 0;       // 0: run until stopped
    double grace_s = 2;          // a quiet bar closes this long after its end
    std::size_t history = 0;     // warm start: the last N closed bars of each series, hist: true
    double history_wait_s = 30;  // live bars wait this long at most for the warm start
    double chain_every_s = 0;    // an OPTION_CHAIN per index instrument this often (0: none)
    int chain_strikes = 10;      // strikes each side of the money
    double poll_every_s = 1;     // the last tier, /multiquotes polling: this often (0: no such tier)
    sos::live::BackoffPolicy backoff;
    std::uint64_t seed = 0;  // back-off jitter; 0: from the clock
};

// "NSE_INDEX:NIFTY" -> {NIFTY, NSE_INDEX}; nothing when the form is wrong.
std::optional<openalgo::Instrument> parse_instrument(std::string_view text);

// Why `mode` cannot give these instruments' candles, or nothing when it can. LTP frames carry
// no volume: a bar of an equity, a future or an option built from them would say 0 traded,
// which is invented. Only indices (NSE_INDEX, BSE_INDEX), which have no volume, are left to it.
std::optional<std::string> mode_problem(openalgo::Mode mode,
                                        const std::vector<openalgo::Instrument>& instruments);

}  // namespace sos::feed::live
