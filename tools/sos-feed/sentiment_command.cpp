#include "sentiment_command.hpp"

#include <unistd.h>

#include "cli/exit_status.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"
#include "sentiment/sentiment_filter.hpp"

namespace sos::tools::feed {

CLI::App* setup_sentiment(CLI::App& app, SentimentCommandArgs& a) {
    auto* cmd = app.add_subcommand(
        "sentiment",
        "Pass standard input through, adding a SENTIMENT_UPDATE after each option chain without one");
    cli::add_common_options(
        *cmd, a.common,
        cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar | cli::kLogLevel);
    add_sentiment_args(*cmd, a.sentiment, false);
    return cmd;
}

int run_sentiment(const std::string& tool, const SentimentCommandArgs& a) {
    cli::apply_logging(tool, a.common);
    auto calendar = time::Calendar::from_option(a.common.calendar);
    int config_error = 0;
    auto hook = make_sentiment_hook(a.sentiment, calendar, "sentiment", config_error);
    if (config_error) return config_error;

    pipeline::StopSignals signals;
    const int in_fd = ndjson::open_input(a.common.in);
    const int out_fd = ndjson::open_output(a.common.out);
    sentiment::SentimentFilter filter(hook->writer());
    pipeline::StageConfig cfg;
    cfg.in_fd = in_fd;
    cfg.out_fd = out_fd;
    cfg.source = ndjson::source_name(a.common.in);
    cfg.types = a.common.types();
    cfg.strict = a.common.strict;
    cfg.signals = &signals;
    int code = cli::exit_status(pipeline::run_filter(cfg, filter));
    if (!hook->writer().ok() && code == cli::kExitOk) code = cli::kExitIoError;
    if (in_fd > 2) ::close(in_fd);
    if (out_fd > 2) ::close(out_fd);
    return code;
}

}  // namespace sos::tools::feed
