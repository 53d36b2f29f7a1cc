// The one way a tool runs its stage: stop signals blocked before any thread starts, --in and
// --out opened through the transport seam, the stage run with the shared options (--only,
// --drop, --strict), and how it ended turned into the documented exit status (exit_status.hpp).
// A tool's main is argument parsing, its own objects, and:
//
//   cli::ToolRun run(args.common);   // first: what follows may start threads
//   SomeFilter filter(...);          // a filter tool: --in to --out
//   return run.filter(filter);
//
//   cli::ToolRun run(args.common, cli::kOutput);
//   feed::FeedProducer producer(source, writer, progress);   // a producing tool: a source to --out
//   return run.produce(producer);
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "cli/common_options.hpp"
#include "diag/bad_input.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/health.hpp"
#include "pipeline/producer.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::control {
class Server;
}

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
    // filter's on_idle also runs this often while input is quiet (live timers). When the tool
    // offers --health-every (kHealth), the stage writes its HEALTH lines (pipeline/health.hpp).
    // With --control (kControl), the tool's control socket is open while the stage runs: an
    // operator's lines are decided by the filter in order with its input (lib/control); a
    // socket that cannot be made safely is exit status 73 before any line is read.
    int filter(pipeline::Filter& filter, std::chrono::milliseconds tick = {});
    // Runs the producing stage to --out; returns the exit status. With a `tick`, the
    // producer's on_idle also runs this often while its source is quiet. With --control, an
    // operator's lines are written between the producer's records (no filter decides them).
    int produce(pipeline::Producer& producer, std::chrono::milliseconds tick = {});
    // The filter stage runs the filter's on_idle whenever `waker` is woken (from any thread):
    // a live broker's network answers are written at once, not at the next line or tick.
    void wake_with(pipeline::Waker& waker) { waker_ = &waker; }
    // Shows a progress bar labelled so, by bytes of a regular-file input, on a terminal.
    void show_progress(std::string label) { progress_label_ = std::move(label); }

    // Reads `input` instead (sos-feed replay's one input, opened and looked at already).
    void read_from(std::unique_ptr<ndjson::Endpoint> input) { in_ = std::move(input); }
    // The input's name for diagnostics (empty for standard input).
    const std::string& input_name() const { return in_->name(); }
    pipeline::StopSignals& signals() { return signals_; }
    // Bad input is counted here (and --strict decided) whoever reports it: the stage, or the
    // sources of a producer.
    diag::BadInput& bad_input() { return bad_; }

private:
    pipeline::StageConfig stage_config(std::chrono::milliseconds tick);
    // The HEALTH reporter the options ask for, and the tick it needs; null when none.
    std::unique_ptr<pipeline::HealthReporter> health_reporter(std::chrono::milliseconds& tick) const;
    // The stage with the tool's control socket around it when --control asks for one.
    int run_filter_stage(pipeline::Filter& filter, std::chrono::milliseconds tick);
    int run_producer_stage(pipeline::Producer& producer, std::chrono::milliseconds tick);
    int run_stage(std::chrono::milliseconds tick,
                  const std::function<pipeline::StageOutcome(const pipeline::StageConfig&)>& run);
    // The control socket --control asks for, serving `injector`; null when none is asked for.
    // Throws control::SocketError when one cannot be made safely.
    std::unique_ptr<control::Server> open_control(pipeline::Injector& injector) const;

    const CommonOptions& opts_;
    pipeline::StopSignals signals_;
    std::unique_ptr<ndjson::Endpoint> in_;
    std::unique_ptr<ndjson::Endpoint> out_;
    diag::BadInput bad_;
    std::string progress_label_;
    pipeline::Waker* waker_ = nullptr;
};

}  // namespace sos::cli
