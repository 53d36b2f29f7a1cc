// The filter: load the playbook, wire the engine into the pipeline stage, and the extras
// (--watch, --state, --threads, --explain).
#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "match_args.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"
#include "strategy/engine.hpp"
#include "strategy/match_filter.hpp"
#include "strategy/playbook.hpp"
#include "time/calendar.hpp"

namespace sos::tools::match {

int run_match(const MatchArgs& a) {
    cli::apply_logging("sos-match", a.common);
    if (a.strategies.empty()) throw CLI::RequiredError("--strategies");
    const auto calendar = time::Calendar::from_option(a.common.calendar);
    auto pb = strategy::load_playbook(a.strategies);
    if (!pb.ok()) {
        for (const auto& e : pb.all_errors())
            diag::error("{}", e);
        diag::error("{} error{} in the strategies: nothing run", pb.all_errors().size(),
                    pb.all_errors().size() == 1 ? "" : "s");
        return cli::kExitConfig;
    }
    if (pb.files.empty()) diag::warn("no strategies in {}: passing the stream through", a.strategies.front());

    strategy::EngineOptions eo;
    eo.calendar = &calendar;
    eo.explain = a.explain;
    strategy::Engine engine(eo);
    engine.set_strategies(pb.strategies());

    pipeline::StopSignals signals;
    const int in_fd = ndjson::open_input(a.common.in);
    const int out_fd = ndjson::open_output(a.common.out);
    pipeline::StageConfig cfg;
    cfg.in_fd = in_fd;
    cfg.out_fd = out_fd;
    cfg.source = ndjson::source_name(a.common.in);
    cfg.types = a.common.types();
    cfg.strict = a.common.strict;
    cfg.signals = &signals;
    strategy::MatchFilter filter(engine, a.threads);
    const auto result = pipeline::run_filter(cfg, filter);
    if (in_fd > 2) ::close(in_fd);
    if (out_fd > 2) ::close(out_fd);
    return result.exit_code;
}

}  // namespace sos::tools::match
