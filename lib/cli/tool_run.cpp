#include "cli/tool_run.hpp"

#include "cli/exit_status.hpp"

namespace sos::cli {

namespace {
std::unique_ptr<ndjson::Endpoint> standard(int fd) {
    return std::make_unique<ndjson::Endpoint>(fd, std::string(), false);
}
}  // namespace

ToolRun::ToolRun(const CommonOptions& opts, unsigned which)
    : opts_(opts),
      in_(which & kInput ? ndjson::open_input(opts.in) : standard(0)),
      out_(which & kOutput ? ndjson::open_output(opts.out) : standard(1)),
      bad_(opts.strict) {}

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
    return cfg;
}

int ToolRun::filter(pipeline::Filter& filter, std::chrono::milliseconds tick) {
    return exit_status(pipeline::run_filter(stage_config(tick), filter));
}

int ToolRun::produce(pipeline::Producer& producer, std::chrono::milliseconds tick) {
    return exit_status(pipeline::run_producer(stage_config(tick), producer));
}

}  // namespace sos::cli
