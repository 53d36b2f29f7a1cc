#include "journal/journal_filter.hpp"

#include "diag/log.hpp"

namespace sos::journal {

void JournalFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                            ndjson::Output& out) {
    line_number_ = line.number;
    // Journaled before it is passed on: whatever acts on the line downstream (an executor
    // sending an order) finds it recorded. An exception must not escape into the stage's
    // threads, and a broken journal must not stop the pipeline it sits in.
    if (!failed_) {
        try {
            if (store_.append(line.type, line.text, events) && store_.pending_rows() == 0)
                committed_line_ = line.number;
        } catch (const std::exception& e) {
            fail(e);
        }
    }
    out.pass(line.type, line.text);
}

void JournalFilter::on_idle(ndjson::Output&) {
    if (failed_ || store_.pending_rows() == 0) return;  // a quiet tick with nothing to commit
    const Clock::time_point now = now_();
    if (last_idle_commit_ && now - *last_idle_commit_ < idle_gap_) return;
    commit();
    last_idle_commit_ = now;
}

void JournalFilter::commit() {
    if (failed_) return;
    try {
        store_.commit();
        committed_line_ = line_number_;
    } catch (const std::exception& e) {
        fail(e);
    }
}

void JournalFilter::fail(const std::exception& e) noexcept {
    failed_ = true;
    const std::int64_t before = store_.committed_seq();
    store_.abandon();
    // What a person needs to recover: where it broke, what the journal kept, and that the
    // stream went on without it.
    const bool kept_pending = store_.committed_seq() != before;
    diag::error(
        "{}: writing the journal failed at input line {}: {}; run '{}' holds its lines up to seq {} "
        "(input line {}); later lines are passed on but not journaled",
        store_.database().path(), line_number_, e.what(), store_.run().run.name, store_.committed_seq(),
        kept_pending ? line_number_ - 1 : committed_line_);
}

}  // namespace sos::journal
