// sos-journal's commands, each set up in its own file: options added to the app (or a
// subcommand of it), then run when the command line chose it.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace sos::tools::journal {

inline constexpr const char* kTool = "sos-journal";

struct Command {
    CLI::App* app = nullptr;  // the subcommand; the top-level app for recording
    std::function<int()> run;
};

// Recording is what sos-journal does without a subcommand. `invoked` is the command line as
// typed, for the runs table.
Command add_record(CLI::App& app, const std::string& invoked);
Command add_summary(CLI::App& app);
Command add_report(CLI::App& app);
Command add_plot(CLI::App& app);
Command add_replay(CLI::App& app);
Command add_status(CLI::App& app);
Command add_quality(CLI::App& app);
Command add_serve(CLI::App& app);

// The exit status and diagnostic for an error of a command that reads a journal: 66 when the
// journal or run cannot be found or read as a journal, 64 for a bad option value, 74 when a
// query fails. Rethrows anything else.
int reading_error(const std::string& db);

// Runs `compose` and writes the text it returns to standard output: the exit status, with
// reading_error's statuses for what `compose` throws. A reader that went away early (| head)
// is not an error.
int print_from_journal(const std::string& db, const std::function<std::string()>& compose);

}  // namespace sos::tools::journal
