#include "replay_command.hpp"

#include <optional>

#include "cli/exit_status.hpp"
#include "cli/tool_run.hpp"
#include "diag/log.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/replay_inputs.hpp"
#include "ndjson/endpoint.hpp"
#include "run_feed.hpp"
#include "time/user_time.hpp"
#include "time/written_time.hpp"

namespace sos::tools::feed {

CLI::App* setup_replay(CLI::App& app, ReplayArgs& a) {
    auto* cmd = app.add_subcommand("replay",
                                   "Replay recorded CSV or NDJSON files (or standard input), merged by time");
    cmd->add_option("files", a.files, "CSV or NDJSON files; '-' or nothing reads standard input")
        ->type_name("FILE...");
    add_feed_args(*cmd, a.feed);
    cmd->add_option("--symbol", a.symbol,
                    "Symbol for CSV files without a symbol column (default: from the file name)");
    cmd->add_option("--exchange", a.exchange, "Exchange for CSV files without an exchange column");
    cmd->add_option("--csv-zone", a.csv_zone, "Zone of CSV times without one: +HH:MM, UTC or Asia/Kolkata")
        ->capture_default_str();
    cmd->add_option("--csv-time", a.csv_time, "Whether CSV bar times are the bar's open or its close")
        ->check(CLI::IsMember({"open", "close"}))
        ->capture_default_str();
    cmd->add_option("--csv-tf", a.csv_tf,
                    "Timeframe of CSV candles (default: a tf column, else the rows' spacing)")
        ->type_name("TF");
    return cmd;
}

namespace {

// The CSV options; reports a usage error and returns nothing when one is wrong.
std::optional<sos::feed::CsvOptions> csv_options(const ReplayArgs& a) {
    sos::feed::CsvOptions csv;
    auto zone = time::parse_zone(a.csv_zone);
    if (!zone) {
        diag::error("--csv-zone: cannot read '{}' (use +HH:MM, UTC or Asia/Kolkata)", a.csv_zone);
        return std::nullopt;
    }
    csv.zone = *zone;
    csv.stamped_at_close = a.csv_time == "close";
    csv.symbol = a.symbol;
    csv.exchange = a.exchange;
    if (!a.csv_tf.empty()) {
        csv.tf = time::parse_timeframe(a.csv_tf);
        if (!csv.tf) {
            diag::error("--csv-tf: '{}' is not a timeframe", a.csv_tf);
            return std::nullopt;
        }
    }
    return csv;
}

}  // namespace

int run_replay(const std::string& tool, const ReplayArgs& a) {
    cli::apply_logging(tool, a.feed.common);
    auto calendar = time::Calendar::from_option(a.feed.common.calendar);
    auto opts = feed_options(a.feed, calendar);
    const auto csv = csv_options(a);
    if (!opts || !csv) return cli::kExitUsage;

    cli::ToolRun run(a.feed.common, cli::kOutput);
    sos::feed::ReplayInputs inputs;
    try {
        // Bad lines are counted in one place whoever meets them: the sources, or the stage.
        inputs = sos::feed::open_replay_inputs(a.files, *csv, calendar, run.bad_input());
    } catch (const ndjson::EndpointError&) {
        throw;  // its own exit status: no input, or a usage error
    } catch (const std::runtime_error& e) {
        diag::error("{}", e.what());  // a CSV file without a usable header
        return cli::kExitNoInput;
    }
    if (inputs.stream) {
        run.read_from(std::move(inputs.stream));
        return run_feed(run, nullptr, *opts, calendar, a.feed, inputs.recorded_file);
    }
    sos::feed::MergeSource source(std::move(inputs.sources));
    return run_feed(run, &source, *opts, calendar, a.feed);
}

}  // namespace sos::tools::feed
