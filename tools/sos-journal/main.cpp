// sos-journal: records every event of a stream in an SQLite journal while passing the stream
// on unchanged, and summarises what a journal holds.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "journal/journal_filter.hpp"
#include "journal/schema.hpp"
#include "journal/store.hpp"
#include "journal/summary.hpp"
#include "journal/summary_format.hpp"
#include "ndjson/endpoint.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"

namespace {

namespace cli = sos::cli;
namespace journal = sos::journal;

constexpr const char* kTool = "sos-journal";

struct RecordArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::size_t batch = 5000;
    std::string sync = "orders";
};

struct SummaryArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    bool json = false;
};

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

journal::SyncMode sync_mode(const std::string& s) {
    if (s == "batch") return journal::SyncMode::Batch;
    if (s == "full") return journal::SyncMode::Full;
    return journal::SyncMode::Orders;
}

std::string first_line(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

int record(const RecordArgs& a, const std::string& invoked) {
    cli::apply_logging(kTool, a.common);
    if (a.db.empty()) throw CLI::RequiredError("--db");
    // Before any thread starts, so that every thread inherits the blocked signals.
    sos::pipeline::StopSignals signals;
    const int in_fd = sos::ndjson::open_input(a.common.in);
    const int out_fd = sos::ndjson::open_output(a.common.out);

    std::optional<journal::Store> store;
    try {
        journal::RunRequest run{a.run, first_line(cli::version_string(kTool)), invoked, 0};
        store.emplace(journal::open_journal(a.db, journal::Access::Write), run,
                      journal::StoreOptions{a.batch, sync_mode(a.sync)});
    } catch (const journal::JournalError& e) {
        sos::diag::error("{}", e.what());
        return cli::kExitCantCreate;
    }
    const auto& opened = store->run();
    sos::diag::info("{}: {} run '{}'", a.db, opened.resumed ? "appending to" : "recording", opened.run.name);

    sos::pipeline::StageConfig cfg;
    cfg.in_fd = in_fd;
    cfg.out_fd = out_fd;
    cfg.source = sos::ndjson::source_name(a.common.in);
    cfg.types = a.common.types();
    cfg.strict = a.common.strict;
    cfg.signals = &signals;
    journal::JournalFilter filter(*store);
    const auto result = sos::pipeline::run_filter(cfg, filter);

    int code = result.exit_code;
    if (!filter.failed()) {
        try {
            // Also when the reader downstream went away: the stage skips on_end then.
            store->close();
        } catch (const journal::JournalError& e) {
            sos::diag::error("{}: {}", a.db, e.what());
            if (code == cli::kExitOk) code = cli::kExitIoError;
        }
    } else if (code == cli::kExitOk) {
        code = cli::kExitIoError;
    }
    sos::diag::info("{}: run '{}': {} lines, {} rows, {} commits", a.db, opened.run.name, store->lines(),
                    store->rows(), store->commits());
    if (in_fd > 2) ::close(in_fd);
    if (out_fd > 2) ::close(out_fd);
    return code;
}

int summary(const SummaryArgs& a) {
    cli::apply_logging(kTool, a.common);
    try {
        auto db = journal::open_journal(a.db, journal::Access::Read);
        const auto s = journal::summarize(db, a.run);
        const std::string text = a.json ? journal::format_json(s) : journal::format_text(s);
        // A reader that went away early (| head) is not an error.
        if (sos::ndjson::write_all(1, text.data(), text.size()) == sos::ndjson::WriteStatus::Error)
            return cli::kExitIoError;
    } catch (const journal::JournalOpenError& e) {
        sos::diag::error("{}", e.what());
        return cli::kExitNoInput;
    } catch (const journal::RunNotFound& e) {
        sos::diag::error("{}", e.what());
        return cli::kExitNoInput;
    } catch (const journal::JournalError& e) {
        sos::diag::error("{}: {}", a.db, e.what());
        return cli::kExitIoError;
    }
    return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-journal: records an NDJSON event stream in an SQLite journal and passes it on unchanged", kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    app.require_subcommand(0, 1);

    RecordArgs rec;
    app.add_option("--db", rec.db, "Journal file (SQLite; created if absent)")->type_name("FILE");
    app.add_option("--run", rec.run, "Record under this run name (default: the start time, UTC)")
        ->type_name("NAME");
    app.add_option("--batch", rec.batch, "Rows per transaction while input keeps coming")
        ->type_name("ROWS")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    app.add_option("--sync", rec.sync,
                   "fsync: batch (none of its own), orders (commits with order flow), full")
        ->type_name("MODE")
        ->check(CLI::IsMember({"batch", "orders", "full"}))
        ->capture_default_str();
    cli::add_common_options(app, rec.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kLogLevel);

    SummaryArgs sum;
    auto* summary_cmd = app.add_subcommand("summary", "Count what a journal holds, by type and symbol");
    summary_cmd->add_option("--db", sum.db, "Journal file")->type_name("FILE")->required();
    summary_cmd->add_option("--run", sum.run, "Only this run (default: all runs)")->type_name("NAME");
    summary_cmd->add_flag("--json", sum.json, "One JSON object instead of a table");
    cli::add_common_options(*summary_cmd, sum.common, cli::kLogLevel);

    const std::string invoked = command_line(argc, argv);
    return cli::run_tool(app, argc, argv, [&] {
        if (summary_cmd->parsed()) return summary(sum);
        return record(rec, invoked);
    });
}
