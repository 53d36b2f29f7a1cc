// Builds closed bars of several timeframes from trades (ticks) or from closed bars of a smaller
// timeframe, on the exchange's clock. A bar is written only once it is over: when the event
// time (the latest timestamp seen on any symbol) passes its end, or at once when the input bar
// ending exactly at its end arrives. Nothing is invented or dropped silently:
// - a bar with no trade in it, after the symbol's first trade of the session, is written as a
//   gap bar (o=h=l=c=previous close, v=0, gap: true);
// - a trade for a bar already written is late: counted and reported, never folded in;
// - a trade outside the session is counted and ignored;
// - bars never span sessions; the last intraday bar is cut at the close.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event/event.hpp"
#include "time/calendar.hpp"
#include "time/timeframe.hpp"

namespace sos::candles {

// One trade, or one closed input bar covering [t, input_end).
struct BarInput {
    std::string_view symbol;
    std::string_view exchange;
    time::Timestamp t;
    time::Timestamp input_end;  // == t for a trade
    double o = 0, h = 0, l = 0, c = 0, v = 0;
    std::optional<double> oi;
    bool gap = false;              // an input gap bar: carries no trade
    std::string_view true_regime;  // synth's label, carried onto the bars built (the last one wins)
};

enum class Fate { Used, Late, OutsideSession };

class BarAggregator {
public:
    BarAggregator(std::vector<time::Timeframe> tfs, const time::Calendar& calendar);

    // Closes whatever the new time makes due (into `closed`, oldest first), then folds the
    // input into the bars of every timeframe. `closed` is appended to, not cleared.
    Fate add(const BarInput& in, std::vector<event::Event>& closed);
    // Moves the clock to `now` without a trade: closes due bars and writes gap bars.
    void advance(time::Timestamp now, std::vector<event::Event>& closed);
    // End of the data: bars still open are written with what they have, flagged partial;
    // no gap bars are written past the last event.
    void finish(std::vector<event::Event>& closed);

    std::uint64_t late() const { return late_; }
    std::uint64_t outside_session() const { return outside_; }
    time::Timestamp clock() const { return clock_; }

private:
    struct TfState {
        bool open = false;
        bool any_trade = false;  // false while only input gap bars went in
        time::Timestamp start, end;
        double o = 0, h = 0, l = 0, c = 0, v = 0;
        std::optional<double> oi;
        std::string true_regime;
        bool has_close = false;  // a bar was written this session: gap bars may follow it
        double last_close = 0;
        time::Timestamp written_end;  // end of the last bar written
    };
    struct SymbolState {
        std::string symbol;
        std::string exchange;
        std::optional<time::Session> session;  // the session of the symbol's last input
        std::vector<TfState> tfs;
    };

    void close_due(SymbolState& s, time::Timestamp now, std::vector<event::Event>& out, bool end_of_data);
    void write_bar(const SymbolState& s, std::size_t tf, std::vector<event::Event>& out, bool gap);
    static void sort_by_end(std::vector<event::Event>& bars);
    void scan(time::Timestamp now, std::vector<event::Event>& out, bool end_of_data);
    time::Timestamp next_due(const SymbolState& s) const;

    std::vector<time::Timeframe> tfs_;
    const time::Calendar& calendar_;
    // Looked up by the input's view: no key string is built per tick (option symbols are
    // longer than the small-string buffer, so each would be an allocation).
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> index_;
    std::vector<SymbolState> symbols_;
    time::Timestamp clock_{};
    time::Timestamp next_due_{INT64_MAX};
    std::vector<event::Event> pending_;
    std::optional<time::Session> last_session_;  // the session of the last input, if it had one
    std::uint64_t late_ = 0, outside_ = 0;
};

}  // namespace sos::candles
