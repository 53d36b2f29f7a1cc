// sos-feed: market data into a pipeline, as NDJSON on standard output.
#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "live_command.hpp"
#include "ndjson/fd_io.hpp"
#include "replay_command.hpp"
#include "sentiment_command.hpp"
#include "synth_command.hpp"
#include "ws_command.hpp"

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-feed: market data as NDJSON events (recorded files, a synthetic market, live OpenAlgo "
        "instances or a WebSocket server)",
        "sos-feed"};
    app.set_version_flag("--version", sos::cli::version_string("sos-feed"));
    app.require_subcommand(1);
    sos::tools::feed::ReplayArgs replay;
    auto* replay_cmd = sos::tools::feed::setup_replay(app, replay);
    sos::tools::feed::SynthArgs synth;
    auto* synth_cmd = sos::tools::feed::setup_synth(app, synth);
    sos::tools::feed::SentimentCommandArgs sentiment;
    auto* sentiment_cmd = sos::tools::feed::setup_sentiment(app, sentiment);
    sos::tools::feed::LiveArgs live;
    auto* live_cmd = sos::tools::feed::setup_live(app, live);
    sos::tools::feed::WsArgs ws;
    auto* ws_cmd = sos::tools::feed::setup_ws(app, ws);
    return sos::cli::run_tool(app, argc, argv, [&] {
        if (replay_cmd->parsed()) return sos::tools::feed::run_replay("sos-feed", replay);
        if (synth_cmd->parsed()) return sos::tools::feed::run_synth("sos-feed", synth);
        if (sentiment_cmd->parsed()) return sos::tools::feed::run_sentiment("sos-feed", sentiment);
        if (live_cmd->parsed()) return sos::tools::feed::run_live("sos-feed", live);
        if (ws_cmd->parsed()) return sos::tools::feed::run_ws("sos-feed", ws);
        return sos::cli::kExitUsage;
    });
}
