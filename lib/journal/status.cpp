#include "journal/status.hpp"

#include "journal/schema.hpp"

namespace sos::journal {

StatusFacts load_status_facts(Database& db, const std::string& run, const time::Calendar& calendar,
                              int last_signals) {
    if (const int v = schema_version(db); v < 3)
        throw JournalError("journal schema version " + std::to_string(v) +
                           " keeps market lines in raw; status reads schema 3 (recording into the journal "
                           "with this sos-journal brings it up to 3)");
    StatusFacts f;
    f.path = db.path();
    // One read transaction: every fact from the same state while a writer appends. A WAL reader
    // never blocks the writer, and the transaction is short so the WAL can be checkpointed.
    in_transaction(db, "BEGIN", [&] {
        f.run = resolve_run(db, run);
        load_tools(db, f.run.id, f);
        load_switches(db, f.run.id, f);
        load_market(db, f.run.id, f);
        load_trading(db, f.run.id, calendar, last_signals, f);
    });
    return f;
}

Status build_status(Database& db, const StatusOptions& o) {
    Status s;
    s.calendar = o.calendar ? *o.calendar : time::Calendar::nse_default();
    s.facts = load_status_facts(db, o.run, s.calendar, o.signals);
    s.now = o.now;
    s.limits = o.limits;
    s.verdict = judge(s.facts, o.now, s.calendar, o.limits);
    return s;
}

}  // namespace sos::journal
