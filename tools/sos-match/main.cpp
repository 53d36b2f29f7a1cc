// sos-match: runs the JSON strategies of the playbook on the candle stream and adds SIGNAL and
// REJECT lines (and TRACE lines with --explain) after the lines that caused them.
#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "match_args.hpp"
#include "ndjson/fd_io.hpp"

int main(int argc, char** argv) {
    namespace cli = sos::cli;
    using sos::tools::match::MatchArgs;
    sos::ndjson::ignore_sigpipe();
    CLI::App app{"sos-match: turns the candle stream into SIGNAL lines with JSON strategies", "sos-match"};
    app.set_version_flag("--version", cli::version_string("sos-match"));
    MatchArgs a;
    app.add_option("--strategies", a.strategies, "Folder of strategy files (*.json), or one file; repeatable")
        ->type_name("DIR");
    app.add_option("--check", a.check, "Only check the strategies in DIR: list every error, exit 0 or 1")
        ->type_name("DIR");
    app.add_flag("--watch", a.watch, "Reload strategies added, changed or removed while running");
    auto* explain =
        app.add_option("--explain", a.explain,
                       "TRACE lines for STRATEGY@SYMBOL (patterns with * and ?; no value: everything)")
            ->type_name("STRATEGY[@SYMBOL]")
            ->expected(0, 1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--state", a.state, "Save every tracker to FILE (atomically) and load it at start")
        ->type_name("FILE");
    app.add_option("--state-every", a.state_every, "Seconds between state saves while running")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--threads", a.threads,
                   "Threads judging candles of different symbols (same output for any N)")
        ->type_name("N")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cli::add_common_options(app, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar |
                                cli::kLogLevel | cli::kHealth | cli::kControl);
    return cli::run_tool(app, argc, argv, [&] {
        a.explain_given = explain->count() > 0;
        if (a.explain_given && a.explain.empty()) a.explain.push_back("*");
        for (auto& e : a.explain)
            if (e.empty()) e = "*";
        if (!a.check.empty()) return sos::tools::match::run_check(a);
        return sos::tools::match::run_match(a);
    });
}
