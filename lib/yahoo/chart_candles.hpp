// A Yahoo chart answer as the contract's closed CANDLE events, for a candle tier after the
// OpenAlgo ones:
// - a bar is closed when it ended `settle_s` before the request was made (the caller's clock,
//   passed in): the bar still forming, and Yahoo's "live" row dated inside it, are left out;
// - each row is placed in its bar as the calendar anchors bars (09:15, 09:20, ...; a daily row
//   at its session's open), so a row Yahoo dated inside a bar (its live price, split from the
//   bar it belongs to) is folded into that bar as yfinance folds it;
// - a row of nulls is a bar without a trade: a gap bar flat at the previous close (volume 0,
//   gap: true) once the session has traded, as replay and the live feed write one, or nothing;
// - prices are rounded to Yahoo's priceHint decimals (Yahoo keeps prices as 32-bit floats:
//   24870.15 comes as 24870.150390625); an index's volume is 0, as Yahoo gives it;
// - a row that cannot be a bar (high below low, some prices null) is named and left out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.hpp"
#include "time/calendar.hpp"
#include "time/timeframe.hpp"
#include "yahoo/chart_answer.hpp"

namespace sos::yahoo {

struct ChartSeries {
    std::string_view symbol;                // sos's (OpenAlgo's) name: NIFTY, not ^NSEI
    std::string_view exchange;              // NSE_INDEX
    std::string_view src;                   // "yahoo"
    time::Timeframe tf = time::kOneMinute;  // the interval asked for
    bool hist = false;
};

struct ChartOptions {
    double settle_s = 5;   // a bar is closed this long after its end (Yahoo's own lag)
    bool gap_bars = true;  // false: a bar without a trade is left out, as /history leaves it
};

struct ChartConversion {
    std::uint64_t candles = 0;          // CANDLE events written (gap bars included)
    std::uint64_t forming = 0;          // bars not closed when asked: left for the next request
    std::uint64_t outside_session = 0;  // rows dated outside every session
    std::uint64_t merged = 0;           // rows folded into a bar an earlier row opened
    std::uint64_t no_trade = 0;         // closed bars without a trade
    std::uint64_t gap_bars = 0;         // gap bars written for them
    std::vector<std::string> bad_rows;  // "row 12 at 09:27: high < low": left out
    std::string refusal;  // the answer is not the series asked for (another interval): nothing written
};

ChartConversion chart_to_candles(const ChartAnswer& chart, const ChartSeries& series,
                                 const time::Calendar& calendar, time::Timestamp asked_at,
                                 const ChartOptions& options, std::vector<event::Event>& out);

}  // namespace sos::yahoo
