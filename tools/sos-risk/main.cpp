// sos-risk: gates, sizes and routes the SIGNAL lines of the stream, writing an ORDER for each
// approved one and a REJECT (with its reason) for the rest.
#include <CLI/CLI.hpp>
#include <optional>

#include "cli/common_options.hpp"
#include "cli/print_text.hpp"
#include "cli/tool_run.hpp"
#include "instrument/registry_file.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/feedback.hpp"
#include "risk/risk_config_file.hpp"
#include "risk/risk_filter.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
constexpr const char* kTool = "sos-risk";

struct Args {
    cli::CommonOptions common;
    std::string config;
    std::string instruments;
    std::string kill_file;
    std::string feedback;
    double feedback_wait = 10;
    double sync_every = 300;
    bool print_defaults = false;
};

int run(const Args& a) {
    cli::apply_logging(kTool, a.common);
    if (a.print_defaults)
        return cli::print_text({sos::risk::shipped_risk_config(), sos::instrument::shipped_instruments()});
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);
    // Every setting is checked before the first line is read.
    auto cfg = sos::risk::load_risk_config(a.config, calendar, sos::instrument::load_registry(a.instruments));
    if (!a.kill_file.empty()) cfg.kill_file = a.kill_file;

    cli::ToolRun run(a.common);
    std::optional<sos::pipeline::FeedbackReceiver> receiver;
    if (!a.feedback.empty()) receiver.emplace(a.feedback);
    sos::risk::FeedbackOptions fo;
    fo.receiver = receiver ? &*receiver : nullptr;
    fo.connect_timeout = std::chrono::milliseconds(static_cast<long>(a.feedback_wait * 1000));
    fo.ack_timeout = fo.connect_timeout;
    fo.sync_every_seconds = a.sync_every;
    sos::risk::RiskFilter filter(cfg, a.common.live, a.common.max_age, nullptr, fo);
    // Live, the kill file and the stale-feed breaker are checked while input is quiet too.
    return run.filter(filter, a.common.live ? std::chrono::milliseconds(500) : std::chrono::milliseconds(0));
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{"sos-risk: gates, sizes and routes SIGNAL lines into ORDER and REJECT lines", kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    app.add_option("--config", a.config, "Settings laid over the shipped ones (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--instruments", a.instruments,
                   "Instrument registry laid over the shipped one: lot size, freeze quantity, tick, exchange "
                   "(JSON; give sos-exec the same file)")
        ->type_name("FILE");
    app.add_option("--kill-file", a.kill_file, "While FILE exists, every signal is refused (KILL_SWITCH)")
        ->type_name("FILE");
    app.add_option("--feedback", a.feedback,
                   "Listen at this Unix socket for sos-exec's fills (sos-exec --feedback PATH): the daily "
                   "loss, losing streaks and the kill switch then see every trade")
        ->type_name("PATH");
    app.add_option("--feedback-wait", a.feedback_wait, "Seconds to wait for sos-exec on --feedback")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->type_name("SECONDS");
    app.add_option(
           "--sync-every", a.sync_every,
           "With --feedback, catch up with sos-exec every this many seconds of stream time while orders "
           "are open (besides before every decision)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->type_name("SECONDS");
    cli::add_print_defaults(app, a.print_defaults, "data/risk.json, then data/instruments.json");
    cli::add_common_options(app, a.common, cli::kAllOptions);
    return cli::run_tool(app, argc, argv, [&] { return run(a); });
}
