#include "cli/tool_run.hpp"

#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "cli/exit_status.hpp"
#include "control/server.hpp"
#include "control/socket_path.hpp"
#include "diag/log.hpp"
#include "pipeline/health_stage.hpp"

namespace sos::cli {

namespace {
std::unique_ptr<ndjson::Endpoint> standard(int fd) {
    return std::make_unique<ndjson::Endpoint>(fd, std::string(), false);
}

// Where --control puts the socket: empty for none; `automatic` when it is the auto directory's.
std::string control_path(const CommonOptions& o, bool& automatic) {
    const bool live = o.live || o.live_control;
    automatic = o.control == "auto" || (o.control.empty() && live);
    if (automatic) return control::auto_path(diag::tool_name(), ::getpid());
    if (o.control.empty() || o.control == "off") return {};
    return o.control;
}
}  // namespace

ToolRun::ToolRun(const CommonOptions& opts, unsigned which)
    : opts_(opts),
      in_(which & kInput ? ndjson::open_input(opts.in) : standard(0)),
      out_(which & kOutput ? ndjson::open_output(opts.out) : standard(1)),
      bad_(opts.strict) {
    pipeline::process_start();  // the start time a HEALTH line gives
}

ToolRun::~ToolRun() = default;

pipeline::StageConfig ToolRun::stage_config(std::chrono::milliseconds tick) {
    pipeline::StageConfig cfg;
    cfg.in_fd = in_->fd();
    cfg.out_fd = out_->fd();
    cfg.source = in_->name();
    cfg.types = opts_.types();
    cfg.strict = opts_.strict;
    cfg.bad = &bad_;
    cfg.progress_label = progress_label_;
    cfg.signals = &signals_;
    cfg.tick = tick;
    cfg.waker = waker_;
    return cfg;
}

std::unique_ptr<pipeline::HealthReporter> ToolRun::health_reporter(std::chrono::milliseconds& tick) const {
    if (!opts_.health) return nullptr;
    pipeline::HealthOptions o;
    if (opts_.health_every >= 0) o.every_s = opts_.health_every;
    o.live = opts_.live;
    const auto health_tick = pipeline::health_tick(o);
    if (health_tick.count() == 0) return nullptr;
    if (tick.count() == 0 || health_tick < tick) tick = health_tick;
    return std::make_unique<pipeline::HealthReporter>(o, pipeline::this_process(diag::tool_name()));
}

int ToolRun::filter(pipeline::Filter& filter, std::chrono::milliseconds tick) {
    auto reporter = health_reporter(tick);
    if (!reporter) return run_filter_stage(filter, tick);
    pipeline::HealthFilter with_health(filter, *reporter, bad_);
    return run_filter_stage(with_health, tick);
}

std::unique_ptr<control::Server> ToolRun::open_control(pipeline::Injector& injector) const {
    bool automatic = false;
    const std::string path = control_path(opts_, automatic);
    if (path.empty()) return nullptr;
    auto server = std::make_unique<control::Server>(path, automatic, diag::tool_name(), injector,
                                                    opts_.live || opts_.live_control);
    diag::info("control socket {}", path);
    return server;
}

// The injector is detached when the stage stops deciding (or producing); the server then
// answers NOT_RUNNING until it goes (before the injector), removing its socket. A socket that
// cannot be made is status 73 before any line is read.
int ToolRun::run_stage(std::chrono::milliseconds tick,
                       const std::function<pipeline::StageOutcome(const pipeline::StageConfig&)>& run) {
    auto cfg = stage_config(tick);
    pipeline::Injector injector;
    std::unique_ptr<control::Server> server;
    try {
        server = open_control(injector);
    } catch (const control::SocketError& e) {
        diag::error("--control: {}", e.what());
        return kExitCantCreate;
    }
    if (server) cfg.injector = &injector;
    return exit_status(run(cfg));
}

int ToolRun::run_filter_stage(pipeline::Filter& filter, std::chrono::milliseconds tick) {
    return run_stage(tick,
                     [&](const pipeline::StageConfig& cfg) { return pipeline::run_filter(cfg, filter); });
}

int ToolRun::run_producer_stage(pipeline::Producer& producer, std::chrono::milliseconds tick) {
    return run_stage(tick,
                     [&](const pipeline::StageConfig& cfg) { return pipeline::run_producer(cfg, producer); });
}

int ToolRun::produce(pipeline::Producer& producer, std::chrono::milliseconds tick) {
    auto reporter = health_reporter(tick);
    if (!reporter) return run_producer_stage(producer, tick);
    pipeline::HealthProducer with_health(producer, *reporter, bad_);
    return run_producer_stage(with_health, tick);
}

}  // namespace sos::cli
