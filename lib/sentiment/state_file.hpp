// The small file that carries the long memory across runs: per underlying, one ATM IV and one
// closing price per trading day, so that an IV rank covers a year and a 30-day volatility has
// its 30 days even on a morning's first chain. JSON, written whole to a temporary file and
// renamed over the old one, so a crash mid-write never leaves half a file.
//
//   {"version": 1, "underlyings": {"NIFTY": {"atm_iv": [["2024-01-08", 0.1312], ...],
//                                            "close": [["2024-01-08", 21513.0], ...]}}}
#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include "sentiment/daily_history.hpp"

namespace sos::sentiment {

struct UnderlyingHistory {
    DailySeries atm_iv;
    DailySeries close;
};

using HistoryMap = std::map<std::string, UnderlyingHistory, std::less<>>;

class StateFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A missing file is an empty history (the first run); an unreadable or malformed one throws,
// because starting afresh would overwrite a year of history at the next save.
HistoryMap load_state(const std::string& path);
void save_state(const std::string& path, const HistoryMap& history);

}  // namespace sos::sentiment
