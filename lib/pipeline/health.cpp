#include "pipeline/health.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "event/encoder.hpp"
#include "event/json_writer.hpp"

#ifndef SOS_VERSION
#define SOS_VERSION "0.0.0"
#endif

namespace sos::pipeline {

namespace {

time::Timestamp system_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}

std::int64_t ns_of(double seconds) {
    return static_cast<std::int64_t>(seconds * 1e9);
}

double tenths(double s) {
    return std::round(s * 10) / 10;
}

}  // namespace

time::Timestamp process_start() {
    static const time::Timestamp started = system_now();
    return started;
}

ProcessIdentity this_process(std::string tool) {
    ProcessIdentity id;
    id.tool = std::move(tool);
    id.pid = static_cast<std::int64_t>(::getpid());
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) id.host = host;
    id.started = process_start();
    id.version = SOS_VERSION;
    return id;
}

void HealthState::add(std::string_view name, std::string_view json_value) {
    if (!fields.empty()) fields.push_back(',');
    fields.push_back('"');
    fields.append(name);
    fields.append("\":");
    fields.append(json_value);
}

void HealthState::add_text(std::string_view name, std::string_view value) {
    std::string member;
    event::JsonWriter(member).str(name, value);
    if (!fields.empty()) fields.push_back(',');
    fields.append(member, 1);  // without the writer's opening brace
}

void HealthState::add_int(std::string_view name, std::int64_t value) {
    add(name, std::to_string(value));
}

std::chrono::milliseconds health_tick(const HealthOptions& o) {
    if (o.every_s && *o.every_s <= 0) return std::chrono::milliseconds(0);
    const double every = o.every_s.value_or(HealthOptions::kDefaultEvery);
    return std::chrono::milliseconds(
        std::clamp<std::int64_t>(static_cast<std::int64_t>(every * 1000), 10, 1000));
}

HealthReporter::HealthReporter(HealthOptions options, ProcessIdentity identity, Clock clock)
    : options_(options),
      identity_(std::move(identity)),
      clock_(clock ? std::move(clock) : Clock(system_now)) {
    const bool forced = options_.every_s && *options_.every_s > 0;
    if (forced || (!options_.every_s && options_.live)) enable(clock_());
}

void HealthReporter::enable(time::Timestamp now) {
    enabled_ = true;
    next_due_ = time::Timestamp{now.ns + ns_of(options_.every_s.value_or(HealthOptions::kDefaultEvery))};
}

void HealthReporter::saw(const event::EventList& events) {
    for (const event::Event& e : events)
        if (e.env.timestamp) saw_time(*e.env.timestamp, event::is_operations(e.env.kind));
}

void HealthReporter::saw_time(time::Timestamp t, bool operations_line) {
    if (!operations_line && !(event_clock_ && *event_clock_ >= t)) event_clock_ = t;
    if (!(latest_any_ && *latest_any_ >= t)) latest_any_ = t;
}

bool HealthReporter::due() {
    if (enabled_) return clock_() >= next_due_;
    if (options_.every_s || !latest_any_) return false;  // never, or nothing to judge yet
    const time::Timestamp now = clock_();
    if (std::abs(static_cast<double>(now.ns - latest_any_->ns)) <= HealthOptions::kLiveWindow * 1e9)
        enable(now);
    return false;  // the first line an interval after the stream was seen live
}

std::string HealthReporter::line(std::uint64_t in, std::uint64_t out, std::uint64_t bad,
                                 const HealthState& state) {
    const time::Timestamp now = clock_();
    next_due_ = time::Timestamp{now.ns + ns_of(options_.every_s.value_or(HealthOptions::kDefaultEvery))};
    const auto clock = state.event_clock ? state.event_clock : event_clock_;
    event::Event e;
    e.env.kind = event::Kind::Health;
    e.env.timestamp = now;
    auto& h = e.body.emplace<event::Health>();
    h.tool = identity_.tool;
    h.pid = identity_.pid;
    h.uptime_s = tenths(static_cast<double>(now.ns - identity_.started.ns) / 1e9);
    h.in = static_cast<std::int64_t>(state.in.value_or(in));
    h.out = static_cast<std::int64_t>(out);
    h.bad = static_cast<std::int64_t>(bad);
    if (clock) h.lag_s = tenths(static_cast<double>(now.ns - clock->ns) / 1e9);
    std::string text = event::encode(e);
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    // The identity and the tool's state after the contract's fields, as sos-feed live's
    // HEALTH lines add theirs (feed/status_line.hpp).
    std::string extra;
    {
        event::JsonWriter w(extra);
        w.str("host", identity_.host).time("started", identity_.started).str("version", identity_.version);
    }
    text.back() = ',';  // the encoder's closing brace
    text.append(extra, 1);
    if (!state.fields.empty()) {
        text.push_back(',');
        text.append(state.fields);
    }
    text.push_back('}');
    text.push_back('\n');
    return text;
}

}  // namespace sos::pipeline
