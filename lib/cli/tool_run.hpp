// The one way a filter tool runs: stop signals blocked before any thread starts, --in and --out
// opened, the stage run with the shared options, and how it ended turned into the documented
// exit status (exit_status.hpp). A tool's main is argument parsing, its own objects, and:
//
//   cli::ToolRun run(args.common);   // first: the filter below may start threads
//   SomeFilter filter(...);
//   return run.filter(filter);
#pragma once

#include <chrono>

#include "cli/common_options.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::cli {

class ToolRun {
public:
    // Blocks SIGINT and SIGTERM in this thread and every thread started after it (so construct
    // it before any), then opens the endpoints `which` asks for (kInput, kOutput); one not
    // asked for stays standard input or output. Throws ndjson::EndpointError.
    explicit ToolRun(const CommonOptions& opts, unsigned which = kInput | kOutput);
    ~ToolRun();
    ToolRun(const ToolRun&) = delete;
    ToolRun& operator=(const ToolRun&) = delete;

    // Runs the filter stage from --in to --out; returns the exit status. With a `tick`, the
    // filter's on_idle also runs this often while input is quiet (live timers).
    int filter(pipeline::Filter& filter, std::chrono::milliseconds tick = {});

    pipeline::StopSignals& signals() { return signals_; }
    int in_fd() const { return in_fd_; }
    int out_fd() const { return out_fd_; }

private:
    const CommonOptions& opts_;
    pipeline::StopSignals signals_;
    int in_fd_ = 0;
    int out_fd_ = 1;
};

}  // namespace sos::cli
