// The trades of a run as the `trades` view rebuilds them (trade_views.hpp), in the order they
// were entered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/sqlite.hpp"
#include "journal/time_range.hpp"

namespace sos::journal {

struct Trade {
    std::string order_id;
    std::string signal_id;
    std::string strategy;  // the signal's pattern_id, else the order's strategy, else "?"
    std::string symbol;
    std::string side;
    std::string mode;  // paper or live; empty when the executor did not say
    int legs = 1;
    std::int64_t qty = 0;
    double entry_ts = 0;
    std::optional<double> exit_ts;  // set when closed
    bool closed = false;
    std::int64_t fees_paise = 0;
    std::optional<std::int64_t> gross_paise, pnl_paise;  // set when closed
    std::optional<std::int64_t> risk_paise;              // R, when entry and stop are known
    std::optional<std::int64_t> reported_pnl_paise;      // the EXIT lines' own sum
    std::string exit_reasons;                            // comma-separated, as the EXITs said

    std::optional<double> r_multiple() const {
        if (!pnl_paise || !risk_paise || *risk_paise <= 0) return std::nullopt;
        return static_cast<double>(*pnl_paise) / static_cast<double>(*risk_paise);
    }
};

// Trades entered within `range`. Throws JournalError.
std::vector<Trade> load_trades(Database& db, std::int64_t run_id, const TimeRange& range = {});

}  // namespace sos::journal
