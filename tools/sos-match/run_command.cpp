// The filter: load the playbook, wire the engine into the pipeline stage, and the extras
// (--watch, --state, --threads, --explain).
#include <unistd.h>

#include <chrono>
#include <optional>

#include "cli/exit_status.hpp"
#include "diag/log.hpp"
#include "match_args.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"
#include "strategy/engine.hpp"
#include "strategy/match_filter.hpp"
#include "strategy/playbook.hpp"
#include "strategy/reloader.hpp"
#include "strategy/state_file.hpp"
#include "strategy/watcher.hpp"
#include "time/calendar.hpp"

namespace sos::tools::match {

namespace {

void report_errors(const std::vector<std::string>& errors) {
    for (const auto& e : errors)
        diag::error("{}", e);
}

}  // namespace

int run_match(const MatchArgs& a) {
    cli::apply_logging("sos-match", a.common);
    if (a.strategies.empty()) throw CLI::RequiredError("--strategies");
    const auto calendar = time::Calendar::from_option(a.common.calendar);
    auto pb = strategy::load_playbook(a.strategies);
    if (!pb.ok()) {
        const auto errors = pb.all_errors();
        report_errors(errors);
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

    if (!a.state.empty()) {
        const auto load = strategy::load_state_file(a.state, engine);
        for (const auto& m : load.refusals)
            diag::warn("{}", m);
        if (load.loaded)
            diag::info("state {}: {} trackers restored", a.state, load.trackers);
        else
            diag::info("state {}: no state saved yet; starting empty", a.state);
    }

    // Before any thread starts, so that every thread inherits the blocked signals.
    pipeline::StopSignals signals;
    std::optional<strategy::Watcher> watcher;
    std::optional<strategy::Reloader> reloader;
    if (a.watch) {
        watcher.emplace(a.strategies);
        reloader.emplace(a.strategies, pb);
    }
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

    if (watcher) {
        // The stage also calls on_idle on a tick while input is quiet, so a change is picked up
        // (and reported) even when no line arrives.
        cfg.tick = std::chrono::milliseconds(500);
        filter.reload_pending = [&] { return watcher->pending(); };
        filter.reload = [&] {
            if (!watcher->take_change()) return;
            auto outcome = reloader->rescan();
            if (!outcome) return;
            report_errors(outcome->errors);
            for (const auto& n : outcome->notices)
                diag::warn("{}", n);
            if (outcome->changed) engine.set_strategies(std::move(outcome->strategies));
        };
    }
    std::string state_error;
    auto save = [&] {
        std::string e = strategy::write_state_file(a.state, engine);
        // Reported once per distinct failure, not every few minutes.
        if (!e.empty() && e != state_error) diag::error("{}", e);
        state_error = e;
    };
    if (!a.state.empty()) {
        auto last = std::chrono::steady_clock::now();
        const auto every = std::chrono::duration<double>(a.state_every);
        cfg.tick = cfg.tick.count() ? cfg.tick : std::chrono::milliseconds(1000);
        filter.periodic = [&, last, every]() mutable {  // copies: both end with this block
            const auto now = std::chrono::steady_clock::now();
            if (now - last < every) return;
            last = now;
            save();
        };
        filter.at_end = save;
    }
    if (watcher) {
        // Also on idle ticks: a change is taken (and reported) while input is quiet.
        auto periodic = filter.periodic;
        filter.periodic = [&, periodic] {
            if (watcher->pending()) filter.reload();
            if (periodic) periodic();
        };
    }
    const int code = cli::exit_status(pipeline::run_filter(cfg, filter));
    if (in_fd > 2) ::close(in_fd);
    if (out_fd > 2) ::close(out_fd);
    if (!state_error.empty() && code == cli::kExitOk) return cli::kExitCantCreate;
    return code;
}

}  // namespace sos::tools::match
