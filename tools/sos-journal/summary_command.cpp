// sos-journal summary: what a journal holds, counted by type and symbol.
#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "journal/schema.hpp"
#include "journal/summary.hpp"
#include "journal/summary_format.hpp"
#include "ndjson/fd_io.hpp"

namespace sos::tools::journal {

namespace {

struct SummaryArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    bool json = false;
};

int run_summary(const SummaryArgs& a) {
    cli::apply_logging(kTool, a.common);
    return print_from_journal(a.db, [&] {
        auto db = sos::journal::open_journal(a.db, sos::journal::Access::Read);
        const auto s = sos::journal::summarize(db, a.run);
        return a.json ? sos::journal::format_json(s) : sos::journal::format_text(s);
    });
}

}  // namespace

Command add_summary(CLI::App& app) {
    auto a = std::make_shared<SummaryArgs>();
    auto* cmd = app.add_subcommand("summary", "Count what a journal holds, by type and symbol");
    cmd->add_option("--db", a->db, "Journal file")->type_name("FILE")->required();
    cmd->add_option("--run", a->run, "Only this run (default: all runs)")->type_name("NAME");
    cmd->add_flag("--json", a->json, "One JSON object instead of a table");
    cli::add_common_options(*cmd, a->common, cli::kLogLevel);
    return {cmd, [a] { return run_summary(*a); }};
}

}  // namespace sos::tools::journal
