// sos-journal plot: the equity curve and drawdown of a run, as PNG or SVG.
#include <cstring>

#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "diag/log.hpp"
#include "files/atomic_write.hpp"
#include "journal/equity_chart.hpp"
#include "journal/report.hpp"
#include "journal/schema.hpp"
#include "money/paise.hpp"
#include "plot/render.hpp"
#include "time/calendar.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct PlotArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::string out;
    std::string from, to;
    std::string capital = "1000000";
    int width = 1200, height = 800;
};

bool ends_with(const std::string& s, const char* suffix) {
    const std::size_t n = std::strlen(suffix);
    if (s.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
    return true;
}

// Replaced whole, so that a reader (a web page refreshed by cron) never sees half a picture.
int write_file(const std::string& path, const std::string& bytes) {
    auto f = files::write_file_atomically(path, bytes);
    if (!f) return cli::kExitOk;
    diag::error("{}", f->message);
    return f->step == files::WriteFailure::Step::Create ? cli::kExitCantCreate : cli::kExitIoError;
}

int run_plot(const PlotArgs& a) {
    cli::apply_logging(kTool, a.common);
    const bool svg = ends_with(a.out, ".svg");
    if (!svg && !ends_with(a.out, ".png"))
        throw CLI::ValidationError("--out", "'" + a.out + "' must end in .png or .svg");
    const time::Calendar calendar = time::Calendar::from_option(a.common.calendar);
    std::string bytes;
    try {
        sj::ReportOptions o;
        o.run = a.run;
        o.range = sj::parse_time_range(a.from, a.to);
        auto capital = money::Paise::parse(a.capital);
        if (!capital || capital->value <= 0)
            throw std::invalid_argument("--capital: '" + a.capital + "' is not a positive amount of rupees");
        o.capital_paise = capital->value;
        o.calendar = &calendar;
        auto db = sj::open_journal(a.db, sj::Access::Read);
        const auto report = sj::build_report(db, o);
        const auto scene = sj::equity_chart(report, {a.width, a.height});
        bytes = svg ? plot::render_svg(scene) : plot::render_png(scene);
        diag::info("{}: run '{}': {} equity points", a.out, report.run.name, report.equity.size());
    } catch (...) {
        return reading_error(a.db);
    }
    return write_file(a.out, bytes);
}

}  // namespace

Command add_plot(CLI::App& app) {
    auto a = std::make_shared<PlotArgs>();
    auto* cmd =
        app.add_subcommand("plot", "Draw a run's equity curve with its drawdown beneath, as PNG or SVG");
    cmd->add_option("--db", a->db, "Journal file")->type_name("FILE")->required();
    cmd->add_option("--run", a->run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--out", a->out, "The picture: FILE.png or FILE.svg")->type_name("FILE")->required();
    cmd->add_option("--from", a->from,
                    "Trades entered at or after this time (epoch seconds or IST date/time)")
        ->type_name("TIME");
    cmd->add_option("--to", a->to, "... and before this one (a date: to the end of that day)")
        ->type_name("TIME");
    cmd->add_option("--capital", a->capital, "Rupees the drawdown percentage is measured on")
        ->type_name("RUPEES")
        ->capture_default_str();
    cmd->add_option("--width", a->width, "Pixels")->check(CLI::Range(400, 8000))->capture_default_str();
    cmd->add_option("--height", a->height, "Pixels")->check(CLI::Range(300, 8000))->capture_default_str();
    cli::add_common_options(*cmd, a->common, cli::kCalendar | cli::kLogLevel);
    return {cmd, [a] { return run_plot(*a); }};
}

}  // namespace sos::tools::journal
