// sos-journal (no subcommand): every valid input line into the journal, then on downstream.
#include <optional>

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/tool_run.hpp"
#include "commands.hpp"
#include "diag/log.hpp"
#include "journal/journal_filter.hpp"
#include "journal/schema.hpp"
#include "journal/store.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct RecordArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::size_t batch = sj::StoreOptions{}.batch_rows;
    std::string sync = "orders";
    bool market_rows = false;
};

sj::SyncMode sync_mode(const std::string& s) {
    if (s == "batch") return sj::SyncMode::Batch;
    if (s == "full") return sj::SyncMode::Full;
    return sj::SyncMode::Orders;
}

std::string first_line(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

int run_record(const RecordArgs& a, const std::string& invoked) {
    cli::apply_logging(kTool, a.common);
    if (a.db.empty()) throw CLI::RequiredError("--db");
    cli::ToolRun run(a.common);
    std::optional<sj::Store> store;
    try {
        sj::RunRequest request{a.run, first_line(cli::version_string(kTool)), invoked, 0};
        store.emplace(sj::open_journal(a.db, sj::Access::Write), request,
                      sj::StoreOptions{a.batch, sync_mode(a.sync), a.market_rows});
    } catch (const sj::JournalError& e) {
        diag::error("{}", e.what());
        return cli::kExitCantCreate;
    }
    const auto& opened = store->run();
    if (opened.resumed)
        diag::info(
            "{}: resuming run '{}' after its line {}; input lines identical to its first ones are skipped",
            a.db, opened.run.name, opened.next_seq - 1);
    else
        diag::info("{}: recording run '{}'", a.db, opened.run.name);

    sj::JournalFilter filter(*store);
    int code =
        run.filter(filter, sj::JournalFilter::kIdleGap);  // the tick commits what an idle moment left pending
    if (!filter.failed()) {
        try {
            // Also when the reader downstream went away: the stage skips on_end then.
            store->close();
        } catch (const sj::JournalError& e) {
            diag::error("{}: {}", a.db, e.what());
            code = cli::first_failure(code, cli::kExitIoError);
        }
    } else {
        code = cli::first_failure(code, cli::kExitIoError);
    }
    diag::info("{}: run '{}': {} lines, {} rows, {} commits, {} lines already journaled", a.db,
               opened.run.name, store->lines(), store->rows(), store->commits(), store->skipped());
    return code;
}

}  // namespace

Command add_record(CLI::App& app, const std::string& invoked) {
    auto a = std::make_shared<RecordArgs>();
    app.add_option("--db", a->db, "Journal file (SQLite; created if absent)")->type_name("FILE");
    app.add_option("--run", a->run,
                   "Record under this run name (default: the start time, UTC); an existing run is resumed")
        ->type_name("NAME");
    app.add_option("--batch", a->batch, "Rows per transaction while input keeps coming")
        ->type_name("ROWS")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    app.add_option("--sync", a->sync,
                   "fsync: batch (none of its own), orders (commits with order flow), full")
        ->type_name("MODE")
        ->check(CLI::IsMember({"batch", "orders", "full"}))
        ->capture_default_str();
    app.add_flag("--market-rows", a->market_rows,
                 "Also keep market lines (TICK, CANDLE, OPTION_CHAIN, BREADTH, SENTIMENT_UPDATE, REGIME) as "
                 "rows of their SQL tables: several times the size and time");
    cli::add_common_options(app, a->common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kLogLevel |
                                cli::kHealth | cli::kControl);
    return {&app, [a, invoked] { return run_record(*a, invoked); }};
}

}  // namespace sos::tools::journal
