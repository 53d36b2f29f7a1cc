// The journal's tables, one per kind of record. Each column is named once, here, so that the
// schema (CREATE TABLE) and the INSERT that fills a table are generated from the same list and
// cannot drift apart. Money (prices of fills, fees, P&L) is stored as INTEGER paise in columns
// named *_paise, never as REAL rupees, so sums over a year of trades are exact.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "event/kind.hpp"

namespace sos::journal {

struct Column {
    std::string_view name;
    std::string_view decl;  // type and constraints
};

// A secondary index: `<table>_<suffix>` on `columns`. Each one costs ingest time (measured:
// see schema.cpp), so the big market tables carry only the one their queries need.
struct IndexDef {
    std::string_view suffix;
    std::string_view columns;
};

struct TableDef {
    std::string_view name;
    event::Kind kind;  // Kind::Unknown for `other`
    // The kind's own columns, in the order the inserter binds them after the common ones.
    std::span<const Column> columns;
    std::span<const IndexDef> indexes;
};

// Every event table starts with these, bound first: the row key, then the raw line it came
// from, the run, the event's time, its symbol and whether it was history.
inline constexpr std::string_view kCommonColumns =
    "id INTEGER PRIMARY KEY, raw_id INTEGER NOT NULL REFERENCES raw(id), "
    "run_id INTEGER NOT NULL REFERENCES runs(id), ts REAL, symbol TEXT, hist INTEGER NOT NULL DEFAULT 0";
inline constexpr int kCommonBound = 5;  // raw_id, run_id, ts, symbol, hist

// The tables of canonical events, indexed by event::Kind (Unknown -> `other`).
std::span<const TableDef> event_tables();
const TableDef& table_for(event::Kind kind);

// option_quotes hangs off option_chains rather than off a raw line.
extern const TableDef kOptionQuotes;

// The kinds that come every bar for every instrument: market data (TICK, CANDLE, OPTION_CHAIN,
// BREADTH, SENTIMENT_UPDATE) and the REGIME derived from it. Their lines go to market_blocks,
// and their tables get rows only when asked (StoreOptions::market_rows).
bool is_market_kind(event::Kind kind);

std::string create_table_sql(const TableDef& t);
std::string insert_sql(const TableDef& t);

}  // namespace sos::journal
