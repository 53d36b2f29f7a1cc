// A run's market lines counted for `sos-journal summary`: from each block's counts and the
// run's shapes (type, symbol, history, quotes), without decoding a line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "journal/sqlite.hpp"
#include "journal/summary.hpp"

namespace sos::journal {

struct MarketCounts {
    std::uint64_t lines = 0;
    std::optional<double> first, last;  // least and greatest event time
    std::uint64_t quotes = 0;           // a chain's strikes, CE and PE each
    // By type as written, then by symbol ("" for none).
    std::map<std::string, std::map<std::string, Count>> by_type;
};

// Empty for a journal of a schema before 3. Throws JournalError.
MarketCounts count_market_lines(Database& db, std::int64_t run_id);

}  // namespace sos::journal
