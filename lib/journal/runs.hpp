// Runs: many recordings share one journal file, each under its own name. A writer registers
// its run on start (or carries on with an existing run of the same name, after a restart)
// and stamps its end on a clean exit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/sqlite.hpp"

namespace sos::journal {

struct RunRequest {
    std::string name;  // empty: derived from the start time
    std::string tool_version;
    std::string command_line;
    double started_at = 0;  // wall clock, epoch seconds; 0: now
};

struct Run {
    std::int64_t id = 0;
    std::string name;
    double started_at = 0;
    std::optional<double> ended_at;
    std::string tool_version;
    std::string command_line;
};

struct OpenedRun {
    Run run;
    std::int64_t next_seq = 1;  // seq of the next raw line in this run
    bool resumed = false;       // the name existed: lines are appended to it
};

// The default name of a run started at `t`: its UTC time, "2024-01-08T03:45:00Z".
std::string default_run_name(double t);

// Registers the run, or resumes the existing run of that name. A default name that is
// already taken gets a suffix ("...Z-2") instead: two unnamed runs never merge.
OpenedRun open_run(Database& db, const RunRequest& request);

void mark_run_ended(Database& db, std::int64_t run_id, double ended_at);

std::vector<Run> list_runs(Database& db);
std::optional<Run> find_run(Database& db, const std::string& name);

class RunNotFound : public JournalError {
public:
    using JournalError::JournalError;
};

// The run called `name`; with an empty name, the run created last. Throws RunNotFound naming
// the runs there are.
Run resolve_run(Database& db, const std::string& name);

// Event time of the run's first and last line that has one (stream order, not min and max).
struct TimeSpan {
    std::optional<double> first, last;
};
TimeSpan run_time_span(Database& db, std::int64_t run_id);

// The seq of the run's last stored line (0: none).
std::int64_t last_seq(Database& db, std::int64_t run_id);

double wall_clock_seconds();

}  // namespace sos::journal
