// sos-feed live's sources beyond the brokers file's OpenAlgo instances: Yahoo Finance's chart
// as the last candle tier (named `yahoo` in --feed, last), and NSE's public option chain as
// the chain source (--chain-source nse), with their options.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "feed/live/live_config.hpp"

namespace sos::tools::feed {

struct LiveTierArgs {
    std::string yahoo_url;  // empty: Yahoo Finance's own
    std::string yahoo_names;
    double yahoo_every = 15;
    std::string chain_source = "openalgo";
    std::string nse_url;  // empty: NSE's own
    std::string nse_api = "v3";
    std::size_t nse_expiries = 2;
};

void add_tier_options(CLI::App& cmd, LiveTierArgs& args);

// Takes `yahoo` out of the --feed list into `cfg` (it must be the last tier), and with
// --chain-source nse moves cfg.chain_every_s (60 when not given) to NSE; the rest of the list
// are the brokers file's names. Nothing when something is wrong: said, and `status` set (64 a usage
// error, 78 a bad names file).
std::optional<std::vector<std::string>> take_tiers(const std::vector<std::string>& feed,
                                                   const LiveTierArgs& args, sos::feed::live::LiveConfig& cfg,
                                                   int& status);

}  // namespace sos::tools::feed
