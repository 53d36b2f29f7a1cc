#include "cli/common_options.hpp"

#include "cli/exit_codes.hpp"
#include "config/json_config.hpp"
#include "diag/log.hpp"
#include "ndjson/endpoint.hpp"
#include "time/calendar.hpp"

#ifndef SOS_VERSION
#define SOS_VERSION "0.0.0"
#endif

namespace sos::cli {

std::string version_string(const std::string& tool) {
    return tool + " (sos) " SOS_VERSION "\nevent contract version 1";
}

void add_common_options(CLI::App& app, CommonOptions& o, unsigned which) {
    if (which & kInput)
        app.add_option("--in", o.in, "Read from FILE, '-' (standard input) or unix:PATH")
            ->type_name("FILE")
            ->capture_default_str();
    if (which & kOutput)
        app.add_option("--out", o.out, "Write to FILE, '-' (standard output) or unix:PATH")
            ->type_name("FILE")
            ->capture_default_str();
    if (which & kFilters) {
        app.add_option("--only", o.only, "Write only lines of these types (comma-separated)")
            ->type_name("TYPE,...")
            ->delimiter(',');
        app.add_option("--drop", o.drop, "Do not write lines of these types (comma-separated)")
            ->type_name("TYPE,...")
            ->delimiter(',');
    }
    if (which & kStrict) app.add_flag("--strict", o.strict, "Stop at the first bad input line (exit 65)");
    if (which & kLive) {
        app.add_flag("--live", o.live, "Live mode: the wall clock decides freshness");
        app.add_option("--max-age", o.max_age, "With --live, seconds after which data is stale")
            ->type_name("SECONDS")
            ->check(CLI::PositiveNumber)
            ->capture_default_str();
    }
    if (which & kCalendar)
        app.add_option("--calendar", o.calendar, "Trading calendar file (default: the shipped NSE calendar)")
            ->type_name("FILE");
    if (which & kLogLevel)
        app.add_option("--log-level", o.log_level, "Diagnostics to show: error, warn, info, debug")
            ->type_name("LEVEL")
            ->check(CLI::IsMember({"error", "warn", "warning", "info", "debug"}))
            ->capture_default_str();
    if (which & kHealth) {
        o.health = true;
        app.add_option("--health-every", o.health_every,
                       "A HEALTH line every S seconds (0: none; default: 30 once the stream is live)")
            ->type_name("SECONDS")
            ->check(CLI::NonNegativeNumber);
    }
    if (which & kControl)
        app.add_option(
               "--control", o.control,
               "Control socket: PATH, auto ($XDG_RUNTIME_DIR/sos/TOOL.PID.sock) or off (default: auto "
               "when live, else off)")
            ->type_name("PATH|auto|off");
}

void apply_logging(const std::string& tool, const CommonOptions& opts) {
    diag::set_tool_name(tool);
    auto level = diag::parse_level(opts.log_level);
    if (!level) throw CLI::ValidationError("--log-level", "unknown level " + opts.log_level);
    diag::set_level(*level);
}

int run_tool(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
    ndjson::guard_standard_descriptors();  // before anything opens a descriptor
    diag::set_tool_name(app.get_name());
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        diag::error("{}", e.what());
        diag::error("try '{} --help'", app.get_name());
        return kExitUsage;
    }
    try {
        return body();
    } catch (const CLI::ParseError& e) {
        diag::error("{}", e.what());
        return kExitUsage;
    } catch (const ndjson::EndpointError& e) {
        diag::error("{}", e.what());
        switch (e.kind()) {
            case ndjson::EndpointError::Kind::Usage:
                return kExitUsage;
            case ndjson::EndpointError::Kind::CantCreate:
                return kExitCantCreate;
            case ndjson::EndpointError::Kind::NoInput:
                break;
        }
        return kExitNoInput;
    } catch (const time::CalendarError& e) {
        diag::error("{}", e.what());
        return kExitConfig;
    } catch (const config::ConfigError& e) {
        diag::error("{}", e.what());
        return kExitConfig;
    } catch (const std::exception& e) {
        diag::error("internal error: {}", e.what());
        return kExitSoftware;
    }
}

}  // namespace sos::cli
