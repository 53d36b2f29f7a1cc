// Resuming a run after a crash or a restart: the upstream pipeline usually starts again from
// its beginning (a backtest is deterministic), so the first lines that arrive are the ones the
// journal already committed. They are recognised by position and content, the incoming line
// against the run's stored line with the same seq, byte for byte, and skipped, so that the
// run ends with each line once. A stored line that comes back marked hist: true (`sos-journal
// replay --as-hist` fed through a restarted pipeline) counts as the same line. The first line
// that differs (a live stream that carries on instead of starting over, or an input that
// changed) ends the skipping for good; from there every line is appended after the run's last.
#pragma once

#include <cstdint>
#include <string_view>

#include "journal/run_lines.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

class ResumeCursor {
public:
    // The run's stored lines, from seq 1 on. `stored` is how many there are.
    ResumeCursor(Database& db, std::int64_t run_id, std::int64_t stored);

    // True when `line` is the run's next stored line: it is journaled already.
    bool skip(std::string_view line);
    // Stops comparing (idempotent); releases the read.
    void finish();

    bool active() const { return active_; }
    std::int64_t skipped() const { return skipped_; }
    std::int64_t stored() const { return stored_; }

private:
    RunLines lines_;
    std::int64_t stored_ = 0;
    std::int64_t skipped_ = 0;
    bool active_ = true;
};

}  // namespace sos::journal
