// sos-feed sentiment: standard input to standard output unchanged, with a SENTIMENT_UPDATE
// after each option chain that lacks one (chains produced by something other than sos-feed).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "sentiment_hook.hpp"

namespace sos::tools::feed {

struct SentimentCommandArgs {
    cli::CommonOptions common;
    SentimentArgs sentiment;
};

CLI::App* setup_sentiment(CLI::App& app, SentimentCommandArgs& args);
int run_sentiment(const std::string& tool, const SentimentCommandArgs& args);

}  // namespace sos::tools::feed
