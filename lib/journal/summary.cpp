#include "journal/summary.hpp"

#include <algorithm>
#include <map>

#include "event/kind.hpp"
#include "journal/market_counts.hpp"
#include "journal/schema.hpp"
#include "journal/tables.hpp"

namespace sos::journal {

namespace {

void widen(std::optional<double>& first, std::optional<double>& last, const std::optional<double>& f,
           const std::optional<double>& l) {
    if (f && (!first || *f < *first)) first = f;
    if (l && (!last || *l > *last)) last = l;
}

// " WHERE run_id = ?1" for one run, else nothing; `and` continues an existing condition.
std::string run_condition(std::optional<std::int64_t> run_id, const char* word = " WHERE ") {
    return run_id ? std::string(word) + "run_id = ?1" : std::string();
}

void count_lines(Database& db, Summary& sum, std::optional<std::int64_t> run_id) {
    Statement s = db.prepare("SELECT run_id, count(*), min(ts), max(ts) FROM raw" + run_condition(run_id) +
                             " GROUP BY run_id");
    if (run_id) s.bind_int(1, *run_id);
    while (s.step()) {
        auto it = std::find_if(sum.runs.begin(), sum.runs.end(),
                               [&](const RunSummary& r) { return r.run.id == s.column_int(0); });
        if (it == sum.runs.end()) continue;
        const auto lines = static_cast<std::uint64_t>(s.column_int(1));
        it->lines += lines;
        sum.lines += lines;
        widen(it->first, it->last, s.column_opt_real(2), s.column_opt_real(3));
        widen(sum.first, sum.last, s.column_opt_real(2), s.column_opt_real(3));
    }
}

// Per type (as written, for `other`) and symbol ("" for none), in their order.
using Counts = std::map<std::string, std::map<std::string, Count>>;

void add_counts(Statement& s, Counts& counts, const std::string& fixed_type) {
    while (s.step()) {
        Count c;
        c.events = static_cast<std::uint64_t>(s.column_int(2));
        c.hist = static_cast<std::uint64_t>(s.column_int(3));
        c.first = s.column_opt_real(4);
        c.last = s.column_opt_real(5);
        counts[fixed_type.empty() ? s.column_text(0) : fixed_type][s.column_text(1)].add(c);
    }
}

// A market table holds the events of lines kept as text (a SYNC_RECOVERY's history, a seed
// form) and, with --market-rows, those of lines in market_blocks, which their blocks count:
// its rows of block lines, whose raw_id is no raw row, are left out.
std::string table_counts_sql(const TableDef& t, std::optional<std::int64_t> run_id, bool blocks) {
    const bool other = t.kind == event::Kind::Unknown;
    std::string sql = std::string("SELECT ") + (other ? "type" : "NULL") +
                      ", symbol, count(*), sum(hist), min(ts), max(ts) FROM " + std::string(t.name) + " t";
    std::string where = run_condition(run_id);
    if (blocks && is_market_kind(t.kind))
        where += (where.empty() ? " WHERE " : " AND ") +
                 std::string("EXISTS (SELECT 1 FROM raw WHERE raw.id = t.raw_id)");
    return sql + where + " GROUP BY 1, 2";
}

void count_table(Database& db, const TableDef& t, Summary& sum, std::optional<std::int64_t> run_id,
                 bool blocks, const Counts& market) {
    Counts counts;
    const std::string own_type = t.kind == event::Kind::Unknown ? "" : std::string(event::type_name(t.kind));
    {
        Statement s = db.prepare(table_counts_sql(t, run_id, blocks));
        if (run_id) s.bind_int(1, *run_id);
        add_counts(s, counts, own_type);
    }
    if (is_market_kind(t.kind)) {
        if (auto it = market.find(own_type); it != market.end())
            for (const auto& [symbol, c] : it->second)
                counts[own_type][symbol].add(c);
    }
    for (auto& [type, symbols] : counts) {
        TypeCount tc{type, std::string(t.name), {}, {}};
        for (auto& [symbol, c] : symbols) {
            if (c.events == 0) continue;
            tc.count.add(c);
            tc.symbols.push_back(SymbolCount{symbol, c});
        }
        if (!tc.symbols.empty()) sum.types.push_back(std::move(tc));
    }
}

// The market lines of every run summarised, into its line count and time span and by type.
Counts count_market(Database& db, Summary& sum) {
    Counts by_type;
    for (RunSummary& r : sum.runs) {
        const MarketCounts m = count_market_lines(db, r.run.id);
        r.lines += m.lines;
        sum.lines += m.lines;
        widen(r.first, r.last, m.first, m.last);
        widen(sum.first, sum.last, m.first, m.last);
        sum.option_quotes += m.quotes;
        for (const auto& [type, symbols] : m.by_type)
            for (const auto& [symbol, c] : symbols)
                by_type[type][symbol].add(c);
    }
    return by_type;
}

std::uint64_t count_quotes(Database& db, std::optional<std::int64_t> run_id, bool blocks) {
    std::string sql = "SELECT count(*) FROM option_quotes q JOIN option_chains c ON c.id = q.chain_id";
    std::string where = run_condition(run_id, " WHERE c.");
    if (blocks)
        where += (where.empty() ? " WHERE " : " AND ") +
                 std::string("EXISTS (SELECT 1 FROM raw WHERE raw.id = c.raw_id)");
    Statement q = db.prepare(sql + where);
    if (run_id) q.bind_int(1, *run_id);
    return q.step() ? static_cast<std::uint64_t>(q.column_int(0)) : 0;
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
        const bool blocks = schema_version(db) >= 3;
        count_lines(db, sum, run_id);
        const Counts market = count_market(db, sum);
        // Catalogue order, with `other` (unknown types) last.
        auto tables = event_tables();
        for (std::size_t i = 1; i <= tables.size(); ++i)
            count_table(db, tables[i % tables.size()], sum, run_id, blocks, market);
        sum.option_quotes += count_quotes(db, run_id, blocks);
    });
    return sum;
}

}  // namespace sos::journal
