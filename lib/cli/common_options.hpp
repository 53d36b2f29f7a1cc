// The command-line conventions every sos tool shares (CLI11): --in/--out, --strict, --live,
// --max-age, --only/--drop, --log-level, --calendar, plus --help and --version, and one place
// that turns a tool's main into the documented exit statuses.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "ndjson/type_filter.hpp"

namespace sos::cli {

struct CommonOptions {
    std::string in = "-";
    std::string out = "-";
    bool strict = false;
    bool live = false;
    double max_age = 5.0;
    std::vector<std::string> only;
    std::vector<std::string> drop;
    std::string log_level = "warn";
    std::string calendar;
    // --health-every: negative (not given) is the default, on once the stream is live; 0 never
    // (pipeline/health.hpp). `health` says the tool offers the option, so the runner reports.
    double health_every = -1;
    bool health = false;
    // --control PATH|auto|off: the tool's control socket (lib/control). Empty (not given) is
    // auto when the tool trades live (--live, or `live_control` for a tool whose live mode is
    // its own option: sos-exec --live), off otherwise.
    std::string control;
    bool live_control = false;

    ndjson::TypeFilter types() const { return ndjson::TypeFilter(only, drop); }
};

enum OptionSet : unsigned {
    kInput = 1,      // --in
    kOutput = 2,     // --out
    kFilters = 4,    // --only, --drop
    kStrict = 8,     // --strict
    kLive = 16,      // --live, --max-age
    kCalendar = 32,  // --calendar
    kLogLevel = 64,  // --log-level
    kHealth = 128,   // --health-every
    kControl = 256,  // --control
    kAllOptions = 511,
};

std::string version_string(const std::string& tool);

// Adds the shared options to `app` (or a subcommand).
void add_common_options(CLI::App& app, CommonOptions& opts, unsigned which = kAllOptions);

// Applies --log-level and the tool's name to diagnostics. Throws CLI::ValidationError.
void apply_logging(const std::string& tool, const CommonOptions& opts);

// Parses the command line and runs `body`, mapping help, version, usage errors and uncaught
// exceptions to the documented exit statuses.
int run_tool(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

}  // namespace sos::cli
