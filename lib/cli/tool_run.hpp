// The one way a filter tool runs: stop signals blocked before any thread starts, --in and --out
// opened, the stage run with the shared options, and how it ended turned into the documented
// exit status (exit_status.hpp). A tool's main is argument parsing, its own objects, and:
//
//   cli::ToolRun run(args.common);   // first: the filter below may start threads
//   SomeFilter filter(...);
//   return run.filter(filter);
#pragma once

#include <chrono>
#include <memory>

#include "cli/common_options.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::cli {

class ToolRun {
public:
    // Blocks SIGINT and SIGTERM in this thread and every thread started after it (so construct
    // it before any), then opens the endpoints `which` asks for (kInput, kOutput); one not
    // asked for stays standard input or output. Throws ndjson::EndpointError.
    explicit ToolRun(const CommonOptions& opts, unsigned which = kInput | kOutput);
    // Reads `input` (already open: sos-feed replay's one input) and writes --out.
    ToolRun(const CommonOptions& opts, std::unique_ptr<ndjson::Endpoint> input);
    ~ToolRun();
    ToolRun(const ToolRun&) = delete;
    ToolRun& operator=(const ToolRun&) = delete;

    // Runs the filter stage from --in to --out; returns the exit status. With a `tick`, the
    // filter's on_idle also runs this often while input is quiet (live timers).
    int filter(pipeline::Filter& filter, std::chrono::milliseconds tick = {});

    pipeline::StopSignals& signals() { return signals_; }

private:
    pipeline::StageConfig stage_config(std::chrono::milliseconds tick);

    const CommonOptions& opts_;
    pipeline::StopSignals signals_;
    std::unique_ptr<ndjson::Endpoint> in_;
    std::unique_ptr<ndjson::Endpoint> out_;
};

}  // namespace sos::cli
