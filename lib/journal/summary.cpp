#include "journal/summary.hpp"

#include <algorithm>

#include "event/kind.hpp"
#include "journal/tables.hpp"

namespace sos::journal {

namespace {

void widen(std::optional<double>& first, std::optional<double>& last, const std::optional<double>& f,
           const std::optional<double>& l) {
    if (f && (!first || *f < *first)) first = f;
    if (l && (!last || *l > *last)) last = l;
}

void count_lines(Database& db, Summary& sum, std::optional<std::int64_t> run_id) {
    std::string sql = "SELECT run_id, count(*), min(ts), max(ts) FROM raw";
    if (run_id) sql += " WHERE run_id = ?1";
    sql += " GROUP BY run_id";
    Statement s = db.prepare(sql);
    if (run_id) s.bind_int(1, *run_id);
    while (s.step()) {
        auto it = std::find_if(sum.runs.begin(), sum.runs.end(),
                               [&](const RunSummary& r) { return r.run.id == s.column_int(0); });
        if (it == sum.runs.end()) continue;
        it->lines = static_cast<std::uint64_t>(s.column_int(1));
        it->first = s.column_opt_real(2);
        it->last = s.column_opt_real(3);
        sum.lines += it->lines;
        widen(sum.first, sum.last, it->first, it->last);
    }
}

void count_table(Database& db, const TableDef& t, Summary& sum, std::optional<std::int64_t> run_id) {
    const bool other = t.kind == event::Kind::Unknown;
    std::string sql = std::string("SELECT ") + (other ? "type" : "NULL") +
                      ", symbol, count(*), sum(hist), min(ts), max(ts) FROM " + std::string(t.name);
    if (run_id) sql += " WHERE run_id = ?1";
    sql += " GROUP BY 1, 2 ORDER BY 1, 2";
    Statement s = db.prepare(sql);
    if (run_id) s.bind_int(1, *run_id);
    std::vector<TypeCount> found;
    while (s.step()) {
        std::string type = other ? s.column_text(0) : std::string(event::type_name(t.kind));
        if (found.empty() || found.back().type != type)
            found.push_back(TypeCount{type, std::string(t.name), {}, {}});
        SymbolCount sc;
        sc.symbol = s.column_text(1);
        sc.count.events = static_cast<std::uint64_t>(s.column_int(2));
        sc.count.hist = static_cast<std::uint64_t>(s.column_int(3));
        sc.count.first = s.column_opt_real(4);
        sc.count.last = s.column_opt_real(5);
        found.back().count.add(sc.count);
        found.back().symbols.push_back(std::move(sc));
    }
    for (auto& f : found)
        sum.types.push_back(std::move(f));
}

}  // namespace

void Count::add(const Count& o) {
    events += o.events;
    hist += o.hist;
    widen(first, last, o.first, o.last);
}

Summary summarize(Database& db, const std::string& run_name) {
    Summary sum;
    sum.path = db.path();
    sum.run_name = run_name;
    // One read transaction, so the counts agree with each other while a writer appends.
    in_transaction(db, "BEGIN", [&] {
        std::optional<std::int64_t> run_id;
        if (run_name.empty()) {
            for (auto& r : list_runs(db))
                sum.runs.push_back(RunSummary{std::move(r), 0, {}, {}});
        } else {
            auto run = resolve_run(db, run_name);
            run_id = run.id;
            sum.runs.push_back(RunSummary{std::move(run), 0, {}, {}});
        }
        count_lines(db, sum, run_id);
        // Catalogue order, with `other` (unknown types) last.
        auto tables = event_tables();
        for (std::size_t i = 1; i <= tables.size(); ++i)
            count_table(db, tables[i % tables.size()], sum, run_id);
        {
            Statement q = db.prepare(run_id ? "SELECT count(*) FROM option_quotes q JOIN option_chains c "
                                              "ON c.id = q.chain_id WHERE c.run_id = ?1"
                                            : "SELECT count(*) FROM option_quotes");
            if (run_id) q.bind_int(1, *run_id);
            if (q.step()) sum.option_quotes = static_cast<std::uint64_t>(q.column_int(0));
        }
    });
    return sum;
}

}  // namespace sos::journal
