#include "cli/tool_run.hpp"

#include <unistd.h>

#include "cli/exit_status.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/stage.hpp"

namespace sos::cli {

ToolRun::ToolRun(const CommonOptions& opts, unsigned which) : opts_(opts) {
    if (which & kInput) in_fd_ = ndjson::open_input(opts.in);
    try {
        if (which & kOutput) out_fd_ = ndjson::open_output(opts.out);
    } catch (...) {
        if (in_fd_ > 2) ::close(in_fd_);
        throw;
    }
}

ToolRun::~ToolRun() {
    if (in_fd_ > 2) ::close(in_fd_);
    if (out_fd_ > 2) ::close(out_fd_);
}

int ToolRun::filter(pipeline::Filter& filter, std::chrono::milliseconds tick) {
    pipeline::StageConfig cfg;
    cfg.in_fd = in_fd_;
    cfg.out_fd = out_fd_;
    cfg.source = ndjson::source_name(opts_.in);
    cfg.types = opts_.types();
    cfg.strict = opts_.strict;
    cfg.signals = &signals_;
    cfg.tick = tick;
    return exit_status(pipeline::run_filter(cfg, filter));
}

}  // namespace sos::cli
