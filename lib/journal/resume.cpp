#include "journal/resume.hpp"

#include "journal/hist_flag.hpp"

namespace sos::journal {

ResumeCursor::ResumeCursor(Database& db, std::int64_t run_id, std::int64_t stored)
    : lines_(db, run_id), stored_(stored), active_(stored > 0) {}

bool ResumeCursor::skip(std::string_view line) {
    if (!active_) return false;
    // The run's own line, or the same line marked hist: true by `replay --as-hist` and fed back
    // through a restarted pipeline.
    if (lines_.next() && (lines_.line() == line || (line.find("\"hist\":true") != std::string_view::npos &&
                                                    with_hist_true(lines_.line()) == line))) {
        ++skipped_;
        return true;
    }
    finish();
    return false;
}

void ResumeCursor::finish() {
    if (!active_) return;
    active_ = false;
    lines_.finish();
}

}  // namespace sos::journal
