#include "journal/quality.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "journal/schema.hpp"

namespace sos::journal {

namespace {

using Key = std::pair<std::string, std::string>;  // strategy, regime

void count(QualityRow& row, const SignalOutcome& s) {
    ++row.signals;
    row.routed += s.routed();
    row.accepted += s.accepted();
    row.filled += s.fate == SignalFate::Filled;
    row.rejected += s.fate == SignalFate::Rejected;
    row.pending += s.fate == SignalFate::Pending;
}

void add(QualityRow& to, const QualityRow& from) {
    to.signals += from.signals;
    to.routed += from.routed;
    to.accepted += from.accepted;
    to.filled += from.filled;
    to.rejected += from.rejected;
    to.pending += from.pending;
    to.vetoed += from.vetoed;
}

std::vector<RejectReason> sorted_reasons(
    const std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t>& counts) {
    std::vector<RejectReason> out;
    for (const auto& [k, n] : counts)
        out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), n});
    std::stable_sort(out.begin(), out.end(), [](const RejectReason& a, const RejectReason& b) {
        if (a.strategy != b.strategy) return a.strategy < b.strategy;
        if (a.regime != b.regime) return a.regime < b.regime;
        return a.count > b.count;
    });
    return out;
}

}  // namespace

std::optional<double> QualityRow::accept_rate() const {
    if (signals == 0) return std::nullopt;
    return static_cast<double>(accepted) / static_cast<double>(signals);
}

Quality build_quality(Database& db, const QualityOptions& o) {
    if (const int v = schema_version(db); v < 2)
        throw JournalError("journal schema version " + std::to_string(v) +
                           " is too old for quality; record the run again with this sos-journal");
    Quality q;
    q.path = db.path();
    q.range = o.range;
    std::vector<SignalOutcome> signals;
    std::vector<Veto> vetoes;
    // One read transaction: every count from the same state while a writer appends.
    in_transaction(db, "BEGIN", [&] {
        q.run = resolve_run(db, o.run);
        signals = load_signal_outcomes(db, q.run.id, SignalQuery{o.range, false, std::nullopt});
        vetoes = load_vetoes(db, q.run.id, o.range);
    });
    std::map<Key, QualityRow> rows;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t> reasons;
    for (const auto& s : signals) {
        count(rows[{s.strategy, s.regime}], s);
        if (s.fate == SignalFate::Rejected) ++reasons[{s.strategy, s.regime, s.stage, s.reason}];
    }
    for (const auto& v : vetoes) {
        ++rows[{v.strategy, v.regime}].vetoed;
        ++reasons[{v.strategy, v.regime, "match", v.reason}];
    }
    q.total.strategy = q.total.regime = "ALL";
    for (auto& [key, row] : rows) {
        row.strategy = key.first;
        row.regime = key.second;
        add(q.total, row);
        q.rows.push_back(std::move(row));
    }
    q.reasons = sorted_reasons(reasons);
    return q;
}

}  // namespace sos::journal
