// sos-journal status: the live system as its journal shows it, and why nothing is trading.
#include <stdexcept>

#include "cli/common_options.hpp"
#include "commands.hpp"
#include "journal/runs.hpp"
#include "journal/schema.hpp"
#include "journal/status.hpp"
#include "journal/status_format.hpp"
#include "time/calendar.hpp"
#include "time/user_time.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct StatusArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::string at;
    std::string session = "calendar";
    sj::StatusLimits limits;
    int signals = 5;
    bool json = false;
};

double view_time(const std::string& text) {
    if (text.empty()) return sj::wall_clock_seconds();
    auto t = time::parse_user_time(text, time::kIndia, time::TimeBound::Start);
    if (!t)
        throw std::invalid_argument("--at: cannot read the time '" + text + "' (" + time::kUserTimeForms +
                                    ")");
    return t->seconds();
}

int run_status(const StatusArgs& a) {
    cli::apply_logging(kTool, a.common);
    const time::Calendar calendar =
        a.session == "always" ? time::Calendar::always() : time::Calendar::from_option(a.common.calendar);
    return print_from_journal(a.db, [&] {
        sj::StatusOptions o;
        o.run = a.run;
        o.now = view_time(a.at);
        o.calendar = &calendar;
        o.limits = a.limits;
        o.signals = a.signals;
        auto db = sj::open_journal(a.db, sj::Access::Read);
        const auto s = sj::build_status(db, o);
        return a.json ? sj::format_status_json(s) : sj::format_status_text(s);
    });
}

}  // namespace

Command add_status(CLI::App& app) {
    auto a = std::make_shared<StatusArgs>();
    auto* cmd = app.add_subcommand(
        "status",
        "The live system as the journal shows it: health, feed, switches, positions, signals, and why "
        "nothing is trading");
    cmd->add_option("--db", a->db, "Journal file (may be being written)")->type_name("FILE")->required();
    cmd->add_option("--run", a->run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--at", a->at, "Judge as at this time (default: now; epoch seconds or IST date/time)")
        ->type_name("TIME");
    cmd->add_option("--stale-after", a->limits.stale_after_s,
                    "A source is stale when its newest data ended more than its bar plus this ago")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--silent-after", a->limits.silent_after_s,
                    "A tool whose last HEALTH is older than this is shown SILENT")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--signals", a->signals, "Last signals shown")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--session", a->session,
                    "Session hours: calendar (--calendar) or always (24-hour markets, tests)")
        ->type_name("calendar|always")
        ->check(CLI::IsMember({"calendar", "always"}))
        ->capture_default_str();
    cmd->add_flag("--json", a->json, "One JSON object instead of tables (money in paise)");
    cli::add_common_options(*cmd, a->common, cli::kCalendar | cli::kLogLevel);
    return {cmd, [a] { return run_status(*a); }};
}

}  // namespace sos::tools::journal
