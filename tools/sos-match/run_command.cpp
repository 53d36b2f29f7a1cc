// The filter: load the playbook, then run the engine in the pipeline stage with the extras
// (--watch, --state, --threads, --explain).
#include "cli/exit_status.hpp"
#include "cli/tool_run.hpp"
#include "diag/log.hpp"
#include "match_args.hpp"
#include "strategy/engine.hpp"
#include "strategy/match_filter.hpp"
#include "strategy/match_session.hpp"
#include "strategy/playbook.hpp"
#include "strategy/state_file.hpp"
#include "time/calendar.hpp"

namespace sos::tools::match {

int run_match(const MatchArgs& a) {
    cli::apply_logging("sos-match", a.common);
    if (a.strategies.empty()) throw CLI::RequiredError("--strategies");
    const auto calendar = time::Calendar::from_option(a.common.calendar);
    auto pb = strategy::load_playbook(a.strategies);
    if (!pb.ok()) {
        const auto errors = pb.all_errors();
        strategy::report_errors(errors);
        diag::error("{} error{} in the strategies: nothing run", errors.size(),
                    errors.size() == 1 ? "" : "s");
        return cli::kExitConfig;
    }
    if (pb.files.empty()) diag::warn("no strategies in {}: passing the stream through", a.strategies.front());

    strategy::EngineOptions eo;
    eo.calendar = &calendar;
    eo.explain = a.explain;
    strategy::Engine engine(eo);
    engine.set_strategies(pb.strategies());

    // Checked before anything runs: a --state that is a folder or a device fails at once.
    if (!a.state.empty())
        if (const auto problem = strategy::state_path_problem(a.state); !problem.empty()) {
            diag::error("{}", problem);
            return cli::kExitCantCreate;
        }
    cli::ToolRun run(a.common);
    strategy::MatchFilter filter(engine, a.threads);
    strategy::MatchSession session(engine, filter, pb, {a.strategies, a.watch, a.state, a.state_every});
    const int code = run.filter(filter, session.tick());
    return cli::first_failure(code, session.state_failed() ? cli::kExitCantCreate : cli::kExitOk);
}

}  // namespace sos::tools::match
