#include "pipeline/health_stage.hpp"

namespace sos::pipeline {

namespace {
// The clock is read once in this many lines or records while they flow: a system call per line
// would cost a fast replay a few percent, and a live stream goes quiet (on_idle) between lines.
constexpr std::uint64_t kCheckEvery = 64;
}  // namespace

HealthFilter::HealthFilter(Filter& inner, HealthReporter& reporter, const diag::BadInput& bad)
    : inner_(inner), reporter_(reporter), bad_(bad) {
    if (inner.checks_time_order()) check_time_order_here();
}

void HealthFilter::on_line(const InputLine& line, const event::EventList& events, ndjson::Output& out) {
    ++in_;
    reporter_.saw(events);
    inner_.on_line(line, events, out);
    if (inner_.input_done()) end_input();
    if (in_ % kCheckEvery == 0 && reporter_.due()) write(out);
}

Admission HealthFilter::admit(const InputLine& line, const event::EventList& events, ndjson::Output& out) {
    // Counted in, but its time (the operator's wall clock) says nothing of the event clock.
    ++in_;
    Admission a = inner_.admit(line, events, out);
    if (inner_.input_done()) end_input();
    return a;
}

void HealthFilter::on_idle(ndjson::Output& out) {
    inner_.on_idle(out);
    if (inner_.input_done()) end_input();
    if (reporter_.due()) write(out);
}

void HealthFilter::on_end(ndjson::Output& out) {
    inner_.on_end(out);
    reporter_.due();  // a stream seen live in its last lines still says goodbye
    if (reporter_.enabled()) write(out);
}

void HealthFilter::write(ndjson::Output& out) {
    write_health(reporter_, inner_, in_, bad_.count(), out);
}

Producer::Step HealthProducer::step(ndjson::Output& out) {
    const Step s = inner_.step(out);
    if (s == Step::Wrote && ++in_ % kCheckEvery == 0) check(out);
    return s;
}

void HealthProducer::on_idle(ndjson::Output& out) {
    inner_.on_idle(out);
    check(out);
}

void HealthProducer::on_end(ndjson::Output& out) {
    inner_.on_end(out);
    HealthState probe;
    inner_.health(probe);
    if (probe.event_clock) reporter_.saw_time(*probe.event_clock, false);
    reporter_.due();
    if (reporter_.enabled()) write_health(reporter_, inner_, in_, bad_.count(), out);
}

// A producer's records are not seen here: its event clock comes from its state.
void HealthProducer::check(ndjson::Output& out) {
    if (!reporter_.enabled()) {
        HealthState probe;
        inner_.health(probe);
        if (probe.event_clock) reporter_.saw_time(*probe.event_clock, false);
    }
    if (reporter_.due()) write_health(reporter_, inner_, in_, bad_.count(), out);
}

}  // namespace sos::pipeline
