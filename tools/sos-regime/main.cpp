// sos-regime: the regime of each underlying, written into the stream as REGIME lines, or a
// calibration report of how the regimes behaved over a period.
#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/print_text.hpp"
#include "cli/tool_run.hpp"
#include "config/json_config.hpp"
#include "diag/log.hpp"
#include "ndjson/fd_io.hpp"
#include "regime/calibration.hpp"
#include "regime/regime_config.hpp"
#include "regime/regime_filter.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
namespace regime = sos::regime;
constexpr const char* kTool = "sos-regime";

struct Args {
    cli::CommonOptions common;
    std::string model;
    std::string config;
    std::vector<std::string> symbols;
    bool trust_upstream = false;
    bool report = false;
    bool report_json = false;
    bool print_defaults = false;
};

int run(Args& a) {
    cli::apply_logging(kTool, a.common);
    if (a.print_defaults) return cli::print_text({regime::shipped_regime_config()});
    regime::RegimeConfig cfg;
    try {
        cfg = regime::load_regime_config(a.config);
    } catch (const sos::config::ConfigError& e) {
        sos::diag::error("{}", e.what());  // names the file
        return cli::kExitConfig;
    }
    if (!a.model.empty()) cfg.model = a.model;
    if (!a.symbols.empty()) cfg.symbols = a.symbols;
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);

    const bool reporting = a.report || a.report_json;
    // A report alone replaces the stream on standard output; with --out the stream goes there too.
    const bool stream = !reporting || a.common.out != "-";
    if (!stream) a.common.health_every = 0;  // a report alone: no stream to put HEALTH in
    cli::ToolRun run(a.common, stream ? cli::kInput | cli::kOutput : cli::kInput);
    regime::RegimeEngine engine(cfg, a.trust_upstream, calendar);
    std::optional<regime::Calibration> report;
    if (reporting) report.emplace(cfg.report_horizons_min, cfg.stale_after_s, calendar.zone());
    regime::RegimeFilter filter(engine, report ? &*report : nullptr, stream);
    if (a.common.live) filter.set_live(&calendar);
    int code =
        run.filter(filter, a.common.live ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(0));
    if (report && (code == cli::kExitOk || code >= 128)) {
        const auto text =
            a.report_json ? report->json(engine.model_name()) : report->text(engine.model_name());
        code = cli::first_failure(code, cli::print_text({text}));
    }
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{"sos-regime: the seven-state regime of each underlying, as REGIME lines in the stream",
                 kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    app.add_option("--model", a.model, "Regime model (default: the configuration's, shipped: blend)")
        ->check(CLI::IsMember({"sos", "tomic", "blend"}))
        ->type_name("sos|tomic|blend");
    app.add_option("--config", a.config, "Settings laid over the shipped ones (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--symbols", a.symbols, "Only these underlyings (default: every index with data)")
        ->delimiter(',')
        ->type_name("NAME,...");
    app.add_flag("--trust-upstream", a.trust_upstream,
                 "Use a regime given on an upstream SENTIMENT_UPDATE as it is, instead of the model");
    app.add_flag(
        "--report", a.report,
        "At the end, print a calibration report (time per regime, switches per hour, forward returns, "
        "agreement with true_regime) instead of the stream, unless --out names a file");
    app.add_flag("--report-json", a.report_json, "The same report as one JSON object");
    cli::add_print_defaults(app, a.print_defaults, "data/regime.json");
    cli::add_common_options(app, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kLive |
                                cli::kCalendar | cli::kLogLevel | cli::kHealth | cli::kControl);
    return cli::run_tool(app, argc, argv, [&] { return run(a); });
}
