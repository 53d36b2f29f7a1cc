// The HEALTH reporter (health.hpp) put around a tool's Filter or Producer by the runner
// (cli::ToolRun), so no tool writes its own: the wrapper counts what the stage gives the tool
// and what the tool writes, watches the event clock, asks the tool for its state, and writes
// the line after a line or while input is quiet (the stage's tick) once it is due, and a last
// one at the end. Everything else is the tool's, unchanged.
#pragma once

#include <cstdint>

#include "diag/bad_input.hpp"
#include "pipeline/filter.hpp"
#include "pipeline/health.hpp"
#include "pipeline/producer.hpp"

namespace sos::pipeline {

class HealthFilter : public Filter {
public:
    HealthFilter(Filter& inner, HealthReporter& reporter, const diag::BadInput& bad);

    void on_line(const InputLine& line, const event::EventList& events, ndjson::Output& out) override;
    void on_batch_end() override { inner_.on_batch_end(); }
    void on_idle(ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override;
    void health(HealthState& s) const override { inner_.health(s); }
    Admission admit(const InputLine& line, const event::EventList& events, ndjson::Output& out) override;

    std::uint64_t lines_in() const { return in_; }

private:
    void write(ndjson::Output& out);

    Filter& inner_;
    HealthReporter& reporter_;
    const diag::BadInput& bad_;
    std::uint64_t in_ = 0;
};

class HealthProducer : public Producer {
public:
    HealthProducer(Producer& inner, HealthReporter& reporter, const diag::BadInput& bad)
        : inner_(inner), reporter_(reporter), bad_(bad) {}

    Step step(ndjson::Output& out) override;
    void wait_on(WaitSet& w) override { inner_.wait_on(w); }
    void woke(const WaitSet& w) override { inner_.woke(w); }
    void on_idle(ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override;
    void health(HealthState& s) const override { inner_.health(s); }

private:
    void check(ndjson::Output& out);

    Producer& inner_;
    HealthReporter& reporter_;
    const diag::BadInput& bad_;
    std::uint64_t in_ = 0;
};

// One HEALTH line of `reporter` for a tool, its state asked of `tool`: written through `out`
// (so --only and --drop apply).
template <class Tool>
void write_health(HealthReporter& reporter, const Tool& tool, std::uint64_t in, std::uint64_t bad,
                  ndjson::Output& out) {
    HealthState state;
    tool.health(state);
    if (state.event_clock) reporter.saw_time(*state.event_clock, false);
    out.emit_encoded("HEALTH", reporter.line(in, out.lines_written(), bad, state));
}

}  // namespace sos::pipeline
