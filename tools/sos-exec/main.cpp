// sos-exec: executes the ORDER lines of the stream through a broker (the paper broker: fills
// simulated from the stream's candles and option chains) and writes what happened.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "broker/exec_filter.hpp"
#include "broker/paper/paper_broker.hpp"
#include "broker/paper/paper_config_file.hpp"
#include "cli/common_options.hpp"
#include "cli/print_text.hpp"
#include "cli/tool_run.hpp"
#include "instrument/registry_file.hpp"
#include "money/fee_file.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/feedback.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
constexpr const char* kTool = "sos-exec";

struct Args {
    cli::CommonOptions common;
    std::string broker = "paper";
    std::string config;
    std::string fees;
    std::string instruments;
    std::string feedback;
    bool print_defaults = false;
};

int run(const Args& a) {
    cli::apply_logging(kTool, a.common);
    if (a.print_defaults)
        return cli::print_text({sos::broker::shipped_exec_config(), sos::money::shipped_fee_schedule(),
                                sos::instrument::shipped_instruments()});
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);
    // Every setting and every fee table is checked before the first line is read.
    auto paper = sos::broker::load_paper_config(a.config, a.fees, calendar);
    // One registry: the lot check and the paper broker's ticks read the same instance.
    auto instruments =
        std::make_shared<sos::instrument::Registry>(sos::instrument::load_registry(a.instruments));
    paper.instruments = instruments;

    cli::ToolRun run(a.common);
    std::optional<sos::pipeline::FeedbackSender> sender;
    if (!a.feedback.empty()) sender.emplace(a.feedback);
    // The paper broker is the only one here: nothing in this program can reach a live broker.
    sos::broker::ExecFilter filter(std::make_unique<sos::broker::PaperBroker>(std::move(paper)),
                                   sender ? &*sender : nullptr, instruments);
    // The broker's own clock: what arrives with no input line is written on this tick.
    return run.filter(filter, filter.broker().poll_interval());
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
    app.add_option("--instruments", a.instruments,
                   "Instrument registry laid over the shipped one: orders are held to its lots, fills to "
                   "its ticks (JSON; give sos-risk the same file)")
        ->type_name("FILE");
    app.add_option("--feedback", a.feedback,
                   "Send what happens back to sos-risk at this Unix socket (sos-risk --feedback PATH)")
        ->type_name("PATH");
    cli::add_print_defaults(app, a.print_defaults,
                            "data/exec.json, then data/fees.json, then data/instruments.json");
    cli::add_common_options(app, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar |
                                cli::kLogLevel | cli::kHealth);
    return cli::run_tool(app, argc, argv, [&] { return run(a); });
}
