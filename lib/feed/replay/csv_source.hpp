// A CSV file of candles or ticks as a Source. The header decides the layout (see
// csv_layout.hpp). Candle timestamps are bar open times unless the vendor stamps bars at their
// close (--csv-time close); the timeframe comes from a column, the command line, or the
// spacing of the first rows. A file holding several symbols one after another (sorted by
// symbol, then time) is read as one stream per symbol and merged, so it need not be re-sorted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/bad_input.hpp"
#include "feed/replay/csv_layout.hpp"
#include "feed/source.hpp"
#include "ndjson/line_assembler.hpp"
#include "time/calendar.hpp"

namespace sos::feed {

struct CsvOptions {
    time::ZoneOffset zone = time::kIndia;
    bool stamped_at_close = false;
    std::optional<time::Timeframe> tf;
    std::string symbol;    // when the file has no symbol column (default: from the file name)
    std::string exchange;  // when the file has no exchange column
};

// Opens `path` and returns one source, or several (one per symbol block) to be merged.
// Throws std::runtime_error naming the file when it cannot be read or has no usable header.
std::vector<std::unique_ptr<Source>> open_csv(const std::string& path, const CsvOptions& opts,
                                              const time::Calendar& calendar, diag::BadInput& bad);

// The symbol a file name implies: "data/NIFTY_1min.csv" -> "NIFTY".
std::string symbol_from_path(const std::string& path);

}  // namespace sos::feed
