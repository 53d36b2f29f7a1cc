// sos-journal: records every event of a stream in an SQLite journal while passing the stream
// on unchanged; summarises, reports on, plots and replays what a journal holds, and shows the
// live system's status and signal quality from it, and serves the live dashboard.
#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "commands.hpp"
#include "ndjson/fd_io.hpp"

namespace {

// The command line as a shell would need it typed again, for the runs table.
std::string command_line(int argc, char** argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) {
        std::string_view a = argv[i];
        if (i) out += ' ';
        const bool plain = !a.empty() && a.find_first_not_of(
                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789_@%+=:,./-") == std::string_view::npos;
        if (plain) {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    namespace j = sos::tools::journal;
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-journal: records an NDJSON event stream in an SQLite journal and passes it on unchanged",
        j::kTool};
    app.set_version_flag("--version", sos::cli::version_string(j::kTool));
    app.require_subcommand(0, 1);

    const j::Command record = j::add_record(app, command_line(argc, argv));
    const j::Command subcommands[] = {j::add_summary(app), j::add_report(app), j::add_plot(app),
                                      j::add_replay(app),  j::add_status(app), j::add_quality(app),
                                      j::add_serve(app)};
    return sos::cli::run_tool(app, argc, argv, [&] {
        for (const auto& c : subcommands)
            if (c.app->parsed()) return c.run();
        return record.run();
    });
}
