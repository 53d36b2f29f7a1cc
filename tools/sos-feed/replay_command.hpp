// sos-feed replay: recorded CSV and NDJSON files (or standard input) as a time-ordered stream.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "sentiment_hook.hpp"

namespace sos::tools::feed {

struct FeedCommonArgs {
    cli::CommonOptions common;
    std::vector<std::string> tfs;
    double speed = 0;
    std::size_t history = 0;
    std::string start, end;
    bool progress = true;
    SentimentArgs sentiment;
};

void add_feed_args(CLI::App& cmd, FeedCommonArgs& args);

struct ReplayArgs {
    FeedCommonArgs feed;
    std::vector<std::string> files;
    std::string symbol, exchange;
    std::string csv_zone = "+05:30";
    std::string csv_time = "open";
    std::string csv_tf;
};

CLI::App* setup_replay(CLI::App& app, ReplayArgs& args);
int run_replay(const std::string& tool, const ReplayArgs& args);

}  // namespace sos::tools::feed
