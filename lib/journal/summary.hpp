// What a journal holds, counted: lines per run, events per type and per symbol within each
// type, with hist events and the time range (event time) of each. For all runs or one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/runs.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

struct Count {
    std::uint64_t events = 0;
    std::uint64_t hist = 0;
    std::optional<double> first, last;  // event time, epoch seconds

    void add(const Count& o);
};

struct SymbolCount {
    std::string symbol;  // empty: market-wide or not symbol-scoped
    Count count;
};

struct TypeCount {
    std::string type;   // the contract's type; empty for an unknown one inside SYNC_RECOVERY
    std::string table;  // where its rows are
    Count count;
    std::vector<SymbolCount> symbols;  // by symbol
};

struct RunSummary {
    Run run;
    std::uint64_t lines = 0;
    std::optional<double> first, last;
};

struct Summary {
    std::string path;
    std::string run_name;  // the run asked for; empty: all
    std::vector<RunSummary> runs;
    std::uint64_t lines = 0;
    std::optional<double> first, last;
    std::vector<TypeCount> types;  // in catalogue order, unknown types last; only those present
    std::uint64_t option_quotes = 0;
};

// Throws RunNotFound when `run_name` names no run, JournalError when a query fails.
Summary summarize(Database& db, const std::string& run_name = {});

}  // namespace sos::journal
