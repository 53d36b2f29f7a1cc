// sos-feed synth: the seeded synthetic NSE market.
#pragma once

#include <CLI/CLI.hpp>

#include "replay_command.hpp"

namespace sos::tools::feed {

struct SynthArgs {
    FeedCommonArgs feed;
    std::uint64_t seed = 1;
    std::string from = "2024-01-01";
    int days = 1;
    std::vector<std::string> indices = {"NIFTY", "BANKNIFTY"};
    int constituents = 10;
    int chain_every = 5;
    int strikes = 15;
    double rate = 0.065;
};

CLI::App* setup_synth(CLI::App& app, SynthArgs& args);
int run_synth(const std::string& tool, const SynthArgs& args);

}  // namespace sos::tools::feed
