#include "live_command.hpp"

#include "brokers/api_key.hpp"
#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "feed/live/live_source.hpp"
#include "run_feed.hpp"

namespace sos::tools::feed {

CLI::App* setup_live(CLI::App& app, LiveArgs& a) {
    auto* cmd = app.add_subcommand(
        "live", "Live candles from OpenAlgo instances (WebSocket), failing over between them in order");
    cmd->add_option("--brokers", a.brokers, "The brokers file (default: $SOS_BROKERS)")->type_name("FILE");
    cmd->add_option("--feed", a.tiers,
                    "Instances of the brokers file in order: the primary, then fallbacks; yahoo last for "
                    "Yahoo Finance")
        ->type_name("NAME,...")
        ->delimiter(',')
        ->required();
    cmd->add_option("--symbols", a.symbols, "Instruments as EXCHANGE:SYMBOL (NSE_INDEX:NIFTY,NSE:SBIN)")
        ->type_name("EX:SYM,...")
        ->delimiter(',')
        ->required();
    cmd->add_option("--mode", a.mode, "Subscription mode: ltp, quote or depth")->capture_default_str();
    cmd->add_option("--stall-after", a.stall_after,
                    "A connection silent this long in session is stalled: fail over")
        ->type_name("S")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--instrument-stale", a.instrument_stale,
                    "Report an instrument silent this long (default: --stall-after)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--session", a.session, "When to watch for silence: calendar (session hours) or always")
        ->check(CLI::IsMember({"calendar", "always"}))
        ->capture_default_str();
    cmd->add_option("--failback-after", a.failback_after,
                    "Return to a higher tier once it has been healthy this long")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--health-every", a.health_every, "A HEALTH line every S seconds (0: none)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--duration", a.duration, "Stop after S seconds (default: run until stopped)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--grace", a.grace, "A quiet bar closes this long after its end")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--history", a.history,
                    "Warm start: the last N closed bars of each series from /history, with hist: true")
        ->type_name("N");
    cmd->add_option("--chain-every", a.chain_every,
                    "An OPTION_CHAIN of each index instrument every S seconds (0: none; see --chain-source)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--chain-strikes", a.chain_strikes, "Strikes each side of the money in each chain")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    cmd->add_option("--poll-every", a.poll_every,
                    "Last tier: poll /multiquotes this often when every WebSocket is down (0: no such tier)")
        ->type_name("S")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--seed", a.seed, "Seed of the reconnection jitter (default: from the clock)");
    cli::add_common_options(*cmd, a.feed.common,
                            cli::kOutput | cli::kFilters | cli::kCalendar | cli::kLogLevel | cli::kControl);
    a.feed.common.live_control = true;  // a live feed: its control socket is on unless --control off
    cmd->add_option("--tf", a.feed.tfs, "Candle timeframes to write, e.g. 1m,5m (default: 1m)")
        ->type_name("TF,...")
        ->delimiter(',');
    add_sentiment_args(*cmd, a.feed.sentiment, true);
    add_tier_options(*cmd, a.others);
    return cmd;
}

namespace {

// The brokers named by --feed, keys read; ConfigError (status 78) names the file and entry.
std::vector<sos::feed::live::TierConfig> tiers_of(const LiveArgs& a, const std::vector<std::string>& names) {
    if (names.empty()) return {};  // no OpenAlgo instance: no brokers file needed
    auto file = brokers::load_brokers_file(brokers::brokers_path(a.brokers));
    std::vector<sos::feed::live::TierConfig> tiers;
    for (auto& r : brokers::resolve_brokers(file, names))
        tiers.push_back({r.entry->name, r.entry->rest, r.entry->ws, std::move(r.key), r.entry->limits});
    return tiers;
}

}  // namespace

int run_live(const std::string& tool, const LiveArgs& a) {
    cli::apply_logging(tool, a.feed.common);
    const bool always = a.session == "always";
    auto calendar = always ? time::Calendar::always() : time::Calendar::from_option(a.feed.common.calendar);
    auto opts = feed_options(a.feed, calendar);
    if (!opts) return cli::kExitUsage;
    sos::feed::live::LiveConfig cfg;
    for (const auto& s : a.symbols) {
        auto i = sos::feed::live::parse_instrument(s);
        if (!i) {
            diag::error("--symbols: '{}' is not EXCHANGE:SYMBOL (NSE_INDEX:NIFTY, NSE:SBIN)", s);
            return cli::kExitUsage;
        }
        cfg.instruments.push_back(std::move(*i));
    }
    auto mode = openalgo::parse_mode(a.mode);
    if (!mode) {
        diag::error("--mode: '{}' is not ltp, quote or depth", a.mode);
        return cli::kExitUsage;
    }
    if (auto problem = sos::feed::live::mode_problem(*mode, cfg.instruments)) {
        diag::error("{}", *problem);
        return cli::kExitUsage;
    }
    cfg.mode = *mode;
    cfg.tfs = opts->tfs;
    cfg.stall_after_s = a.stall_after;
    cfg.instrument_stale_s = a.instrument_stale;
    cfg.session_always = always;
    cfg.failback_after_s = a.failback_after;
    cfg.health_every_s = a.health_every;
    cfg.duration_s = a.duration;
    cfg.grace_s = a.grace;
    cfg.seed = a.seed;
    cfg.history = a.history;
    cfg.chain_every_s = a.chain_every;
    cfg.chain_strikes = a.chain_strikes;
    cfg.poll_every_s = a.poll_every;
    int status = 0;
    auto brokers = take_tiers(a.tiers, a.others, cfg, status);
    if (!brokers) return status;
    if (brokers->empty() && (a.history > 0 || cfg.chain_every_s > 0)) {
        diag::error(
            "--history and --chain-every (from openalgo) ask an OpenAlgo instance: name one in --feed, "
            "or take chains from NSE (--chain-source nse)");
        return cli::kExitUsage;
    }
    cfg.tiers = tiers_of(a, *brokers);
    const bool nse_chains = cfg.nse.has_value();
    // The stop signals are blocked before the source starts its network threads, which would
    // otherwise take a SIGTERM and die of it, the open bars unwritten.
    cli::ToolRun run(a.feed.common, cli::kOutput);
    sos::feed::live::LiveSource source(std::move(cfg), calendar);
    // The source builds the candles: the writer passes them on as they come.
    opts->tfs.clear();
    opts->src = nse_chains ? "nse" : "openalgo";  // the sentiment computed from the chains
    return run_feed(run, &source, *opts, calendar, a.feed);
}

}  // namespace sos::tools::feed
