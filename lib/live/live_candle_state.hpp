// LiveCandles' per-symbol state. Internal to lib/live.
#pragma once

#include "live/live_candles.hpp"

namespace sos::live {

// A closed bar waiting to be written.
struct LiveCandles::Pending {
    event::Event bar;     // as built from the ticks
    time::Timestamp end;  // its end, cut at the session's close
    bool held = false;    // ticks may have been missed in it: wants /history
};

// One symbol and timeframe: its bars in order, and the ledger of what was written.
struct LiveCandles::Series {
    std::deque<Pending> queue;
    std::optional<time::Timestamp> last_written;  // open time of the last bar written
    double last_close = 0;                        // of the last bar written with a trade
    std::optional<time::Date> close_day;          // its day: a gap bar needs a close of its own session
};

struct LiveCandles::SymbolState {
    std::string symbol;
    std::string exchange;
    std::string src;  // of the latest tick: written on the bars built
    SuspectSpans suspect;
    candles::CumulativeVolume volume{candles::CumulativeVolume::OnFall::Hold};
    std::vector<Series> series;  // by timeframe, as tfs_
    std::size_t held = 0;        // bars held for history, over all series
    // The latest /history answer: 1-minute bars by open time, and when it was taken.
    std::map<std::int64_t, event::Event> minutes;
    std::optional<time::Timestamp> minutes_as_of;  // on the exchange clock
    std::optional<time::Timestamp> latest_row;     // its latest row's open, the forming bar's included
    time::Timestamp next_request{INT64_MIN};
    // take_bars: the open time of the last minute given to the aggregator.
    std::optional<time::Timestamp> fed_to;
};

}  // namespace sos::live
