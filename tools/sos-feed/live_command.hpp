// sos-feed live: OpenAlgo instances of the brokers file as a live feed with failover.
#pragma once

#include <CLI/CLI.hpp>

#include "live_tiers.hpp"
#include "replay_command.hpp"

namespace sos::tools::feed {

struct LiveArgs {
    FeedCommonArgs feed;  // common options, --tf, sentiment (the replay-only ones are not offered)
    std::string brokers;
    std::vector<std::string> tiers;
    std::vector<std::string> symbols;
    std::string mode = "quote";
    double stall_after = 30;
    double instrument_stale = 0;
    std::string session = "calendar";
    double failback_after = 60;
    double health_every = 30;
    double duration = 0;
    double grace = 2;
    std::uint64_t seed = 0;
    std::size_t history = 0;
    double chain_every = 0;
    int chain_strikes = 10;
    double poll_every = 1;
    LiveTierArgs others;  // yahoo
};

CLI::App* setup_live(CLI::App& app, LiveArgs& args);
int run_live(const std::string& tool, const LiveArgs& args);

}  // namespace sos::tools::feed
