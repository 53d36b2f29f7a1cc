#include "sentiment_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/tool_run.hpp"
#include "sentiment/sentiment_filter.hpp"

namespace sos::tools::feed {

CLI::App* setup_sentiment(CLI::App& app, SentimentCommandArgs& a) {
    auto* cmd = app.add_subcommand(
        "sentiment",
        "Pass standard input through, adding a SENTIMENT_UPDATE after each option chain without one");
    cli::add_common_options(*cmd, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar |
                                cli::kLogLevel | cli::kHealth | cli::kControl);
    add_sentiment_args(*cmd, a.sentiment, false);
    return cmd;
}

int run_sentiment(const std::string& tool, const SentimentCommandArgs& a) {
    cli::apply_logging(tool, a.common);
    auto calendar = time::Calendar::from_option(a.common.calendar);
    int config_error = 0;
    auto hook = make_sentiment_hook(a.sentiment, calendar, "sentiment", config_error);
    if (config_error) return config_error;

    cli::ToolRun run(a.common);
    sentiment::SentimentFilter filter(hook->writer());
    const int code = run.filter(filter);
    return cli::first_failure(code, hook->writer().ok() ? cli::kExitOk : cli::kExitIoError);
}

}  // namespace sos::tools::feed
