// sos-journal report: a run's trading statistics, per strategy and overall, or several runs
// side by side.
#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "journal/report.hpp"
#include "journal/report_format.hpp"
#include "journal/schema.hpp"
#include "money/paise.hpp"
#include "ndjson/fd_io.hpp"
#include "time/calendar.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct ReportArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::vector<std::string> compare;
    std::string from, to;
    std::string capital = "1000000";
    bool json = false;
};

std::int64_t capital_paise(const std::string& text) {
    auto p = money::Paise::parse(text);
    if (!p || p->value <= 0)
        throw std::invalid_argument("--capital: '" + text +
                                    "' is not a positive amount of rupees (e.g. 1000000)");
    return p->value;
}

int run_report(const ReportArgs& a) {
    cli::apply_logging(kTool, a.common);
    const time::Calendar calendar = time::Calendar::from_option(a.common.calendar);
    return print_from_journal(a.db, [&] {
        sj::ReportOptions o;
        o.range = sj::parse_time_range(a.from, a.to);
        o.capital_paise = capital_paise(a.capital);
        o.calendar = &calendar;
        auto db = sj::open_journal(a.db, sj::Access::Read);
        if (!a.compare.empty()) {
            std::vector<sj::Report> reports;
            for (const auto& name : a.compare) {
                o.run = name;
                reports.push_back(sj::build_report(db, o));
            }
            return a.json ? sj::format_compare_json(reports) : sj::format_compare_text(reports);
        }
        o.run = a.run;
        const auto r = sj::build_report(db, o);
        return a.json ? sj::format_report_json(r) : sj::format_report_text(r);
    });
}

}  // namespace

Command add_report(CLI::App& app) {
    auto a = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand("report", "Trading statistics of a run, per strategy and overall");
    cmd->add_option("--db", a->db, "Journal file")->type_name("FILE")->required();
    auto* run =
        cmd->add_option("--run", a->run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--compare", a->compare, "These runs side by side (comma-separated)")
        ->type_name("RUN,RUN...")
        ->delimiter(',')
        ->excludes(run);
    cmd->add_option("--from", a->from,
                    "Trades entered at or after this time (epoch seconds or IST date/time)")
        ->type_name("TIME");
    cmd->add_option("--to", a->to, "... and before this one (a date: to the end of that day)")
        ->type_name("TIME");
    cmd->add_option("--capital", a->capital, "Rupees the returns and drawdown percentages are measured on")
        ->type_name("RUPEES")
        ->capture_default_str();
    cmd->add_flag("--json", a->json, "One JSON object instead of tables (money in paise)");
    cli::add_common_options(*cmd, a->common, cli::kCalendar | cli::kLogLevel);
    return {cmd, [a] { return run_report(*a); }};
}

}  // namespace sos::tools::journal
