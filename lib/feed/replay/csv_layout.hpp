// Reading a CSV header into a column layout: which column holds the time (one column, or a
// date and a time column), the symbol, open/high/low/close/volume, or a traded price for tick
// files. Names are matched loosely (case, spaces, punctuation and vendor decorations like
// "<CLOSE>" or "Open Price" are ignored), so common vendor exports work without configuration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sos::feed {

struct CsvLayout {
    char separator = ',';
    int datetime = -1;  // one column with date and time (or epoch seconds/milliseconds)
    int date = -1;      // separate date ...
    int time = -1;      // ... and time columns
    int symbol = -1, exchange = -1, tf = -1;
    int open = -1, high = -1, low = -1, close = -1, volume = -1, oi = -1;
    int price = -1;      // tick files: traded price (ltp)
    int trade_qty = -1;  // tick files: quantity of each trade (summed into the day's volume)
    std::size_t columns = 0;

    bool candles() const { return open >= 0 && high >= 0 && low >= 0 && close >= 0; }
    bool ticks() const { return !candles() && price >= 0; }
};

// Splits one CSV record (RFC 4180 quoting: "a,b" and "" for a quote inside quotes).
void split_csv(std::string_view line, char separator, std::vector<std::string_view>& fields,
               std::string& scratch);

// Reads the header line. On failure returns nothing and says why in `error`.
std::optional<CsvLayout> read_csv_header(std::string_view header, std::string& error);

}  // namespace sos::feed
