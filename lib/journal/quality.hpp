// sos-journal quality: the signal-quality view (TOMIC's /tomic/signals/quality in sos terms).
// Over a range of a run, per strategy and regime: how many signals, how many routed (sos-risk
// wrote their orders), accepted (the broker took one), filled, rejected, and why, with sos-match's
// vetoes beside them (setups that never became signals).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/runs.hpp"
#include "journal/signal_fates.hpp"
#include "journal/sqlite.hpp"
#include "journal/time_range.hpp"

namespace sos::journal {

struct QualityOptions {
    std::string run;  // empty: the run created last
    TimeRange range;  // on the signal's time (a veto's own time)
};

// One strategy in one regime, or the whole range ("ALL", "ALL").
struct QualityRow {
    std::string strategy;
    std::string regime;
    std::int64_t signals = 0;
    std::int64_t routed = 0;    // turned into orders by sos-risk
    std::int64_t accepted = 0;  // an order taken by the broker (acknowledged or filled)
    std::int64_t filled = 0;
    std::int64_t rejected = 0;  // refused by sos-risk, or every order of it refused downstream
    std::int64_t pending = 0;   // not decided (yet)
    std::int64_t vetoed = 0;    // sos-match's vetoes: not signals, not in the counts above

    // accepted / signals; unset without signals.
    std::optional<double> accept_rate() const;
};

struct RejectReason {
    std::string strategy;
    std::string regime;
    std::string stage;  // match (a veto), risk, exec
    std::string reason;
    std::int64_t count = 0;
};

struct Quality {
    std::string path;
    Run run;
    TimeRange range;
    std::vector<QualityRow> rows;  // by strategy, then regime
    QualityRow total;
    // Per strategy and regime, most frequent first within each; vetoes included.
    std::vector<RejectReason> reasons;
};

// Throws RunNotFound, or JournalError when the journal cannot answer (schema 1).
Quality build_quality(Database& db, const QualityOptions& options);

}  // namespace sos::journal
