// sos-journal replay: a run's lines back out as NDJSON, as they arrived.
#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "diag/log.hpp"
#include "journal/replay.hpp"
#include "journal/schema.hpp"
#include "ndjson/endpoint.hpp"
#include "ndjson/fd_io.hpp"

namespace sos::tools::journal {

namespace {

namespace sj = sos::journal;

struct ReplayArgs {
    cli::CommonOptions common;
    std::string db;
    std::string from, to;
    sj::ReplayOptions options;
};

int run_replay(ReplayArgs& a) {
    cli::apply_logging(kTool, a.common);
    try {
        a.options.range = sj::parse_time_range(a.from, a.to);
        auto db = sj::open_journal(a.db, sj::Access::Read);
        const auto output = ndjson::open_output(a.common.out);
        ndjson::WriteStatus status = ndjson::WriteStatus::Ok;
        const auto result = sj::replay(db, a.options, [&](std::string_view chunk) {
            status = ndjson::write_all(output->fd(), chunk.data(), chunk.size());
            return status == ndjson::WriteStatus::Ok;
        });
        diag::info("{}: replayed {} lines of run '{}'", a.db, result.lines, result.run);
        // A reader that went away (| head) is not an error.
        return status == ndjson::WriteStatus::Error ? cli::kExitIoError : cli::kExitOk;
    } catch (const ndjson::EndpointError&) {
        throw;
    } catch (...) {
        return reading_error(a.db);
    }
}

}  // namespace

Command add_replay(CLI::App& app) {
    auto a = std::make_shared<ReplayArgs>();
    auto* cmd =
        app.add_subcommand("replay", "Write a run's lines back out as NDJSON, byte for byte, in order");
    cmd->add_option("--db", a->db, "Journal file")->type_name("FILE")->required();
    cmd->add_option("--run", a->options.run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--from", a->from, "Lines at or after this event time (epoch seconds or IST date/time)")
        ->type_name("TIME");
    cmd->add_option("--to", a->to, "... and before this one (a date: to the end of that day)")
        ->type_name("TIME");
    cmd->add_option("--types", a->options.types, "Only lines of these types, as written (comma-separated)")
        ->type_name("TYPE,...")
        ->delimiter(',');
    cmd->add_flag("--as-hist", a->options.as_hist,
                  "Mark every line hist: true, for a restarted sos-risk or sos-exec to rebuild its state");
    cli::add_common_options(*cmd, a->common, cli::kOutput | cli::kLogLevel);
    return {cmd, [a] { return run_replay(*a); }};
}

}  // namespace sos::tools::journal
