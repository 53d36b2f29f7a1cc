#include "synth_command.hpp"

#include <algorithm>

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "feed/synth/synth_source.hpp"
#include "feed/synth/warmup.hpp"
#include "run_feed.hpp"

namespace sos::tools::feed {

CLI::App* setup_synth(CLI::App& app, SynthArgs& a) {
    auto* cmd =
        app.add_subcommand("synth", "Generate a seeded synthetic NSE market (deterministic for a seed)");
    cmd->add_option("--seed", a.seed, "Random seed: the same seed and options give the same bytes")
        ->capture_default_str();
    cmd->add_option("--from", a.from, "First day (the first trading day on or after it)")
        ->type_name("YYYY-MM-DD")
        ->capture_default_str();
    cmd->add_option("--days", a.days, "Trading days to generate")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--indices", a.indices, "Indices to generate, comma-separated")
        ->delimiter(',')
        ->type_name("NAME,...");
    cmd->add_option("--constituents", a.constituents, "Stocks per index (0: indices only)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--chain-every", a.chain_every, "Minutes between option chains (0: none)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--strikes", a.strikes, "Strikes each side of the money in each chain")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--rate", a.rate, "Risk-free rate for option prices (continuous, per year)")
        ->capture_default_str();
    add_feed_args(*cmd, a.feed);
    return cmd;
}

int run_synth(const std::string& tool, const SynthArgs& a) {
    cli::apply_logging(tool, a.feed.common);
    auto calendar = time::Calendar::from_option(a.feed.common.calendar);
    auto from = time::parse_date(a.from);
    if (!from) {
        diag::error("--from: '{}' is not a date (YYYY-MM-DD)", a.from);
        return cli::kExitUsage;
    }
    if (!a.feed.start.empty()) {
        diag::error("--start does not apply to synth: the live start is the first session of --from");
        return cli::kExitUsage;
    }
    auto opts = feed_options(a.feed, calendar);
    if (!opts) return cli::kExitUsage;

    sos::feed::SynthConfig cfg;
    cfg.seed = a.seed;
    cfg.from = *from;
    cfg.days = a.days;
    cfg.indices = a.indices;
    cfg.constituents = a.constituents;
    cfg.chain_every_minutes = a.chain_every;
    cfg.strikes_each_side = a.strikes;
    cfg.rate = a.rate;
    cfg.calendar = &calendar;
    if (a.feed.history > 0) {
        // Enough whole sessions before --from to hold N bars of the smallest timeframe asked
        // (synth's own 1m bars when no --tf is given).
        const auto tf =
            opts->tfs.empty() ? time::kOneMinute : *std::min_element(opts->tfs.begin(), opts->tfs.end());
        cfg.warmup_days = sos::feed::warmup_sessions_for(a.feed.history, tf, calendar, *from);
    }
    sos::feed::SynthSource source(cfg);
    opts->src = "synth";
    if (a.feed.history > 0) opts->start = source.live_start();

    cli::ToolRun run(a.feed.common, cli::kOutput);
    return run_feed(run, &source, *opts, calendar, a.feed);
}

}  // namespace sos::tools::feed
