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
            store_.append(line.type, line.text, events);
        } catch (const std::exception& e) {
            fail(e);
        }
    }
    out.pass(line.type, line.text);
}

void JournalFilter::commit() {
    if (failed_) return;
    try {
        store_.commit();
    } catch (const std::exception& e) {
        fail(e);
    }
}

void JournalFilter::fail(const std::exception& e) noexcept {
    failed_ = true;
    store_.abandon();
    diag::error(
        "{}: writing the journal failed at input line {}: {}; later lines are passed on but not journaled",
        store_.database().path(), line_number_, e.what());
}

}  // namespace sos::journal
