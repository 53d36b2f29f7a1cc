// sos-exec: executes the ORDER lines of the stream through a broker (the paper broker: fills
// simulated from the stream's candles and option chains) and writes what happened.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <optional>

#include "broker/exec_filter.hpp"
#include "broker/paper/paper_broker.hpp"
#include "broker/paper/paper_config_file.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "money/fee_file.hpp"
#include "ndjson/endpoint.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/feedback.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
constexpr const char* kTool = "sos-exec";

struct Args {
    cli::CommonOptions common;
    std::string broker = "paper";
    std::string config;
    std::string fees;
    std::string feedback;
    bool print_defaults = false;
};

int write_text(std::string_view text) {
    return sos::ndjson::write_all(1, text.data(), text.size()) == sos::ndjson::WriteStatus::Error
               ? cli::kExitIoError
               : cli::kExitOk;
}

int run(const Args& a) {
    cli::apply_logging(kTool, a.common);
    if (a.print_defaults) {
        const int code = write_text(sos::broker::shipped_exec_config());
        return code == cli::kExitOk ? write_text(sos::money::shipped_fee_schedule()) : code;
    }
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);
    // Every setting and every fee table is checked before the first line is read.
    auto paper = sos::broker::load_paper_config(a.config, a.fees, calendar);

    sos::pipeline::StopSignals signals;
    std::optional<sos::pipeline::FeedbackSender> sender;
    if (!a.feedback.empty()) sender.emplace(a.feedback);
    const int in_fd = sos::ndjson::open_input(a.common.in);
    const int out_fd = sos::ndjson::open_output(a.common.out);
    // The paper broker is the only one here: nothing in this program can reach a live broker.
    sos::broker::ExecFilter filter(std::make_unique<sos::broker::PaperBroker>(std::move(paper)),
                                   sender ? &*sender : nullptr);
    sos::pipeline::StageConfig sc;
    sc.in_fd = in_fd;
    sc.out_fd = out_fd;
    sc.source = sos::ndjson::source_name(a.common.in);
    sc.types = a.common.types();
    sc.strict = a.common.strict;
    sc.signals = &signals;
    const int code = cli::exit_status(sos::pipeline::run_filter(sc, filter));
    if (in_fd > 2) ::close(in_fd);
    if (out_fd > 2) ::close(out_fd);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-exec: executes ORDER lines on paper and writes ORDER_UPDATE, FILL, EXIT and POSITION lines",
        kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    app.add_option("--broker", a.broker, "Which broker executes: paper (simulated from the stream)")
        ->check(CLI::IsMember({"paper"}))
        ->capture_default_str()
        ->type_name("paper");
    app.add_option("--config", a.config,
                   "Paper settings laid over the shipped ones (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--fees", a.fees, "Charges laid over the shipped schedule (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--feedback", a.feedback,
                   "Send what happens back to sos-risk at this Unix socket (sos-risk --feedback PATH)")
        ->type_name("PATH");
    app.add_flag("--print-defaults", a.print_defaults,
                 "Print the shipped settings (data/exec.json, then data/fees.json) and exit");
    cli::add_common_options(
        app, a.common,
        cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar | cli::kLogLevel);
    return cli::run_tool(app, argc, argv, [&] { return run(a); });
}
