#include "ws_command.hpp"

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "feed/live/live_config.hpp"
#include "feed/ws/ws_source.hpp"
#include "net/url.hpp"
#include "run_feed.hpp"

namespace sos::tools::feed {

CLI::App* setup_ws(CLI::App& app, WsArgs& a) {
    auto* cmd = app.add_subcommand(
        "ws",
        "Market data from any WebSocket server's JSON messages (the seed's SOS bridge, or sos's contract)");
    cmd->add_option("url", a.url, "The server: ws://host:port/path or wss://...")->required();
    cmd->add_option(
           "--profile", a.profile,
           "How to read it: contract (closed candles, sos's types or the seed's) or bridge (the seed's "
           "SOS bridge: candles are snapshots of the bar forming)")
        ->check(CLI::IsMember({"contract", "bridge"}))
        ->capture_default_str();
    cmd->add_option("--name", a.name, "The source's name: src is ws:NAME (default: bridge, or server)");
    cmd->add_option(
           "--symbols", a.symbols,
           "Only these instruments (EXCHANGE:SYMBOL, sos's names), and their exchanges when the server "
           "gives none (default: every symbol)")
        ->type_name("EX:SYM,...")
        ->delimiter(',');
    cmd->add_option("--alias", a.aliases, "The server's name for a symbol: SERVER=SOS (NIFTY_BANK=BANKNIFTY)")
        ->type_name("SERVER=SOS,...")
        ->delimiter(',');
    cmd->add_option("--stall-after", a.stall_after,
                    "Open but without a market message this long in session: reconnect")
        ->type_name("S")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--session", a.session, "When to watch for silence: calendar (session hours) or always")
        ->check(CLI::IsMember({"calendar", "always"}))
        ->capture_default_str();
    cmd->add_option("--health-every", a.health_every, "A HEALTH line every S seconds (0: none)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--duration", a.duration, "Stop after S seconds (default: run until stopped)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--grace", a.grace,
                    "bridge: a bar without a later snapshot closes this long after its end")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--seed", a.seed, "Seed of the reconnection jitter (default: from the clock)");
    cli::add_common_options(*cmd, a.feed.common,
                            cli::kOutput | cli::kFilters | cli::kCalendar | cli::kLogLevel | cli::kControl);
    a.feed.common.live_control = true;  // a live feed: its control socket is on unless --control off
    cmd->add_option("--tf", a.feed.tfs,
                    "Candle timeframes to write, built from the server's (default: as they come)")
        ->type_name("TF,...")
        ->delimiter(',');
    add_sentiment_args(*cmd, a.feed.sentiment, true);
    return cmd;
}

namespace {

// --symbols and --alias into the feed's options; false (said) when one is not of its form.
bool take_names(const WsArgs& a, wsfeed::WsFeedOptions& o) {
    for (const auto& s : a.symbols) {
        auto i = sos::feed::live::parse_instrument(s);
        if (!i) {
            diag::error("--symbols: '{}' is not EXCHANGE:SYMBOL (NSE_INDEX:NIFTY, NSE:SBIN)", s);
            return false;
        }
        o.symbols.insert(i->symbol);
        o.exchanges[i->symbol] = i->exchange;
    }
    for (const auto& text : a.aliases) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
            diag::error("--alias: '{}' is not SERVER=SOS (NIFTY_BANK=BANKNIFTY)", text);
            return false;
        }
        o.aliases[text.substr(0, eq)] = text.substr(eq + 1);
    }
    return true;
}

}  // namespace

int run_ws(const std::string& tool, const WsArgs& a) {
    cli::apply_logging(tool, a.feed.common);
    const bool always = a.session == "always";
    auto calendar = always ? time::Calendar::always() : time::Calendar::from_option(a.feed.common.calendar);
    auto opts = feed_options(a.feed, calendar);
    if (!opts) return cli::kExitUsage;
    sos::feed::ws::WsSourceConfig cfg;
    cfg.url = a.url;
    try {
        auto url = net::parse_url(a.url);
        if (url.scheme != net::Scheme::Ws && url.scheme != net::Scheme::Wss)
            throw net::UrlError("URL \"" + a.url + "\": it must start with ws:// or wss://");
    } catch (const net::UrlError& e) {
        diag::error("{}", e.what());
        return cli::kExitUsage;
    }
    const bool bridge = a.profile == "bridge";
    cfg.feed.profile = bridge ? wsfeed::WsProfile::SeedBridge : wsfeed::WsProfile::Contract;
    cfg.feed.name = !a.name.empty() ? a.name : (bridge ? "bridge" : "server");
    if (bridge) cfg.feed.aliases = wsfeed::seed_bridge_aliases();
    if (!take_names(a, cfg.feed)) return cli::kExitUsage;
    cfg.feed.grace_s = a.grace;
    cfg.stall_after_s = a.stall_after;
    cfg.session_always = always;
    cfg.health_every_s = a.health_every;
    cfg.duration_s = a.duration;
    cfg.seed = a.seed;
    opts->src = "ws:" + cfg.feed.name;
    sos::feed::ws::WsSource source(std::move(cfg), calendar);
    cli::ToolRun run(a.feed.common, cli::kOutput);
    return run_feed(run, &source, *opts, calendar, a.feed);
}

}  // namespace sos::tools::feed
