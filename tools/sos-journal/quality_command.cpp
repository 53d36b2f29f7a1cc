// sos-journal quality: signals, routed, accepted and rejected by reason, per strategy and regime.
#include "cli/common_options.hpp"
#include "commands.hpp"
#include "journal/quality.hpp"
#include "journal/quality_format.hpp"
#include "journal/schema.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct QualityArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::string from, to;
    bool json = false;
};

int run_quality(const QualityArgs& a) {
    cli::apply_logging(kTool, a.common);
    return print_from_journal(a.db, [&] {
        sj::QualityOptions o;
        o.run = a.run;
        o.range = sj::parse_time_range(a.from, a.to);
        auto db = sj::open_journal(a.db, sj::Access::Read);
        const auto q = sj::build_quality(db, o);
        return a.json ? sj::format_quality_json(q) : sj::format_quality_text(q);
    });
}

}  // namespace

Command add_quality(CLI::App& app) {
    auto a = std::make_shared<QualityArgs>();
    auto* cmd = app.add_subcommand(
        "quality", "Signals, routed, accepted and rejected by reason, per strategy and regime, over a range");
    cmd->add_option("--db", a->db, "Journal file (may be being written)")->type_name("FILE")->required();
    cmd->add_option("--run", a->run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--from", a->from, "Signals at or after this time (epoch seconds or IST date/time)")
        ->type_name("TIME");
    cmd->add_option("--to", a->to, "... and before this one (a date: to the end of that day)")
        ->type_name("TIME");
    cmd->add_flag("--json", a->json, "One JSON object instead of tables");
    cli::add_common_options(*cmd, a->common, cli::kLogLevel);
    return {cmd, [a] { return run_quality(*a); }};
}

}  // namespace sos::tools::journal
