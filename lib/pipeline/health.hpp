// A tool's HEALTH line (spec/events.md, Operations messages): every N seconds of the wall
// clock while the tool runs, what went in and out, what was refused, how far behind the event
// clock it is, its own state, and who it is. One reporter for every tool: the stage's wrappers
// (health_stage.hpp) feed it and tick it; a tool only adds its own state (Filter::health,
// Producer::health).
//
// When it is on (docs/decisions.md, "HEALTH from every tool"): with --health-every S > 0
// always; with 0 never; by default (Auto) once the stream is seen to be live, that is once a
// line's event time (any line's, an upstream HEALTH's too) is within kLiveWindow of the wall
// clock, or at once with --live. A replay of recorded days is never near the wall clock, so
// it writes none unless asked; a live pipeline turns on tool by tool as the feed's first line
// (its own HEALTH, before the open) reaches it. Once on it stays on: a feed going stale is
// when a HEALTH line matters most.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "event/event.hpp"
#include "time/timestamp.hpp"

namespace sos::pipeline {

// Who wrote a HEALTH line: fields beside the contract's `tool` and `pid`.
struct ProcessIdentity {
    std::string tool;
    std::int64_t pid = 0;
    std::string host;
    time::Timestamp started;  // wall clock
    std::string version;
};

// This process: its pid, host name, sos version, and the time process_start() was first called
// (a tool calls it before anything else, through cli::ToolRun).
ProcessIdentity this_process(std::string tool);
time::Timestamp process_start();

// What a tool adds to its HEALTH line.
struct HealthState {
    // Records taken, when the tool counts them better than the stage (a producer's sources).
    std::optional<std::uint64_t> in;
    // The event clock, when the stage cannot see the events (a producer's records).
    std::optional<time::Timestamp> event_clock;
    // The tool's own state: members of a JSON object, as text ("\"open_orders\":2,..."),
    // appended to the line after the contract's fields. Empty: none.
    std::string fields;

    // Appends `"name":value` (value: JSON text already), a string, a whole number, a flag.
    void add(std::string_view name, std::string_view json_value);
    void add_text(std::string_view name, std::string_view value);
    void add_int(std::string_view name, std::int64_t value);
    void add_bool(std::string_view name, bool value) { add(name, value ? "true" : "false"); }
};

struct HealthOptions {
    // Seconds between lines: nothing means Auto (30 s once live); 0 means never.
    std::optional<double> every_s;
    bool live = false;  // --live: the stream is live from the start
    static constexpr double kDefaultEvery = 30;
    static constexpr double kLiveWindow = 300;  // event time this close to the wall clock: live
};

// How often a tool's stage should wake while input is quiet, so a HEALTH line is not late by
// more than a second (or its interval, when shorter). Zero when the reporter can never write.
std::chrono::milliseconds health_tick(const HealthOptions& o);

class HealthReporter {
public:
    using Clock = std::function<time::Timestamp()>;  // the wall clock; injected by tests

    HealthReporter(HealthOptions options, ProcessIdentity identity, Clock clock = nullptr);

    // A line was taken: `events` are its canonical events. Updates the event clock (market
    // and trading lines) and the latest time of any line, which due() judges liveness by.
    void saw(const event::EventList& events);
    void saw_time(time::Timestamp event_time, bool operations_line);

    bool enabled() const { return enabled_; }
    // True when a line is due now. Reads the clock (so callers ask every few lines, and when
    // input is quiet); in Auto, turns the reporter on first when the stream has become live.
    bool due();
    // The line (ending in '\n'), and the next one scheduled an interval later.
    std::string line(std::uint64_t in, std::uint64_t out, std::uint64_t bad, const HealthState& state);

    time::Timestamp now() const { return clock_(); }

private:
    HealthOptions options_;
    ProcessIdentity identity_;
    Clock clock_;
    bool enabled_ = false;
    std::optional<time::Timestamp> event_clock_;  // latest market or trading time seen
    std::optional<time::Timestamp> latest_any_;   // latest time of any line, for Auto
    time::Timestamp next_due_{INT64_MAX};

    void enable(time::Timestamp now);
};

}  // namespace sos::pipeline
