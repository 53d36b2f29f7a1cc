#include "journal/resume.hpp"

#include "journal/hist_flag.hpp"
#include "journal/schema.hpp"

namespace sos::journal {

ResumeCursor::ResumeCursor(Database& db, std::int64_t run_id, std::int64_t stored)
    : lines_(db.prepare("SELECT line FROM raw WHERE id > ?1 AND id < ?2 ORDER BY id")),
      stored_(stored),
      active_(stored > 0) {
    lines_.bind_int(1, raw_id(run_id, 0));
    lines_.bind_int(2, raw_id(run_id + 1, 0));
}

bool ResumeCursor::skip(std::string_view line) {
    if (!active_) return false;
    // The run's own line, or the same line marked hist: true by `replay --as-hist` and fed back
    // through a restarted pipeline.
    if (lines_.step() &&
        (lines_.column_view(0) == line || (line.find("\"hist\":true") != std::string_view::npos &&
                                           with_hist_true(lines_.column_view(0)) == line))) {
        ++skipped_;
        return true;
    }
    finish();
    return false;
}

void ResumeCursor::finish() {
    if (!active_) return;
    active_ = false;
    lines_.reset();
}

}  // namespace sos::journal
