// sos-feed ws: any WebSocket server's JSON messages (the seed's SOS bridge, or a server speaking
// sos's contract) as a feed, with reconnection, a stall watchdog, ALERT and HEALTH lines.
#pragma once

#include <CLI/CLI.hpp>

#include "replay_command.hpp"

namespace sos::tools::feed {

struct WsArgs {
    FeedCommonArgs feed;  // common options, --tf, sentiment
    std::string url;
    std::string profile = "contract";
    std::string name;
    std::vector<std::string> symbols;
    std::vector<std::string> aliases;
    double stall_after = 30;
    std::string session = "calendar";
    double health_every = 30;
    double duration = 0;
    double grace = 2;
    std::uint64_t seed = 0;
};

CLI::App* setup_ws(CLI::App& app, WsArgs& args);
int run_ws(const std::string& tool, const WsArgs& args);

}  // namespace sos::tools::feed
