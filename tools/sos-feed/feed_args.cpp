#include <fmt/format.h>

#include "replay_command.hpp"

namespace sos::tools::feed {

void add_feed_args(CLI::App& cmd, FeedCommonArgs& a) {
    cli::add_common_options(cmd, a.common,
                            cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar | cli::kLogLevel |
                                cli::kHealth | cli::kControl);
    cmd.add_option("--tf", a.tfs,
                   "Candle timeframes to write, e.g. 1m,5m (default: 1m from ticks; candles as they come)")
        ->type_name("TF,...")
        ->delimiter(',');
    cmd.add_option("--speed", a.speed, "Pace output at real time x N (default: as fast as possible)")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--history", a.history,
                   "Before --start, keep the last N candles of each series and write them with hist: true")
        ->type_name("N");
    cmd.add_option("--start", a.start,
                   "The live start: epoch seconds, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (exchange time)")
        ->type_name("TIME");
    cmd.add_option("--end", a.end, "Stop before this time (same forms as --start)")->type_name("TIME");
    cmd.add_flag("!--no-progress", a.progress, "No progress bar, even on a terminal");
    add_sentiment_args(cmd, a.sentiment, true);
}

}  // namespace sos::tools::feed
