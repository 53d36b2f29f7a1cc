// Live ticks to closed candles on the exchange's clock, with nothing lost, doubled or invented.
//
// - Ticks are placed by their exchange time (ltt), never the time they arrived, and folded
//   into bars of every asked timeframe by lib/candles' BarAggregator, with replay's rules: a
//   bar is written only once over, a minute without a trade after the symbol's first of the
//   session is a gap bar (flat at the previous close, volume 0, gap: true), a tick for a bar
//   already written is late (counted, reported, never folded in).
// - Volume is the growth of the day's cumulative volume (CumulativeVolume, Hold on a fall).
// - A bar closes when the exchange clock (the latest ltt seen) passes its end, or, for a quiet
//   instrument, when the wall clock mapped onto the exchange clock passes its end plus a grace
//   period: the exchange clock is extrapolated from the latest ltt by the wall time since it
//   arrived.
// - Where ticks may have been missed (the symbol's first tick, and from a marked gap to the
//   symbol's next tick: a reconnect, a stall, a tier switch) the bars touched are held and
//   taken from 1-minute /history instead of the ticks: asked for after the bar ends, retried,
//   and trusted once history reaches past the bar (a row after its end, the forming bar's
//   included) or has had time to settle (then a minute missing from it had no trade). Bars
//   of the same symbol and timeframe after a held bar wait behind it, so each series goes
//   out in time order. History that never comes is given up:
//   the bar built from the ticks is written flagged partial, or nothing if it had no trade.
// - A ledger per symbol and timeframe writes each bar once, whichever tier or path delivers
//   it (ticks, history, a warm start): a bar at or before the last one written is dropped.
// Everything is driven by explicit inputs; "now" is always the caller's wall clock.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "candles/bar_aggregator.hpp"
#include "candles/cumulative_volume.hpp"
#include "event/event.hpp"
#include "live/suspect_spans.hpp"
#include "time/calendar.hpp"

namespace sos::live {

struct LiveCandleOptions {
    std::vector<time::Timeframe> tfs;  // the asked timeframes; empty: 1m
    double grace_s = 2;                // a quiet bar closes this long after its end (mapped wall clock)
    double max_ahead_s = 300;          // a tick dated further ahead of the wall clock is refused
    double history_delay_s = 3;        // first /history request this long after a held bar's end
    double history_retry_s = 10;       // then at most this often per symbol
    double history_settle_s = 60;      // history this long past a bar's end is complete for it
    double history_give_up_s = 600;    // past this, a held bar is given up
};

struct LiveTickIn {
    std::string_view symbol;
    std::string_view exchange;
    std::string_view src;                // written on the bars built ("openalgo-ws:zerodha")
    std::optional<time::Timestamp> ltt;  // the exchange's time: a tick without it cannot be placed
    double ltp = 0;
    event::OptNum volume;  // cumulative for the day
    event::OptNum oi;
    // A quote polled over REST (/multiquotes), not a trade: the samples miss what traded
    // between them, so the bars they touch are held for /history like bars a gap touched.
    // Its ltt is the poll's time on the exchange clock (exchange_now).
    bool sampled = false;
};

enum class NoteKind : std::uint8_t {
    LateTick,        // for a bar already written: not folded in (t: its ltt)
    FutureTick,      // dated more than max_ahead_s after the wall clock: refused
    VolumeWentBack,  // the cumulative fell within the day (value: the fall)
    HistoryGaveUp,   // a held bar got no history in time (tf, t: the bar's open)
};

struct Note {
    NoteKind kind;
    std::string symbol;
    time::Timestamp t;
    std::optional<time::Timeframe> tf;
    double value = 0;
};

struct HistoryWant {
    std::string symbol;
    std::string exchange;
    time::Date date;  // ask /history for 1m bars of this day
};

class LiveCandles {
public:
    LiveCandles(LiveCandleOptions options, const time::Calendar& calendar);
    ~LiveCandles();

    // One tick, received at wall time `now`.
    void add_tick(const LiveTickIn& tick, time::Timestamp now);
    // Ticks may be missed from here on, until each symbol's next tick.
    void mark_gap();
    // The wall clock moved: closes the bars it has passed (with the grace period), gives up
    // history that did not come.
    void advance(time::Timestamp now);
    // Symbols whose held bars want /history now (each symbol at most every history_retry_s).
    void history_due(time::Timestamp now, std::vector<HistoryWant>& out);
    // /history's 1-minute bars for one symbol (CANDLE events, src as they should be written),
    // already cut to bars that had ended when asked (openalgo::history_to_candles), and the
    // open time of the answer's latest row, the bar still forming included (OpenAlgo's brokers
    // send it): a row at or after a held bar's end shows the instance past it, so the bar is
    // complete in the answer and written at once, not a minute later when the next one ends.
    void take_history(std::string_view symbol, const std::vector<event::Event>& minutes, time::Timestamp now,
                      std::optional<time::Timestamp> latest_row = std::nullopt);
    // Closed 1-minute bars of one symbol from a candle-only tier (Yahoo Finance's chart, src as
    // they should be written), complete up to `covered_to`: the source's own time (its last
    // trade), so a minute before it that is absent had no trade. Such a tier is never
    // tick-complete: the symbol stays suspect, and every bar of it closed while the tier is in
    // use is taken from these minutes, as from /history (held until they cover it). Minutes
    // new to this symbol start or carry on its bars, so they close, and gap bars follow, as
    // for ticks; a symbol seen here first starts at the latest minute (nothing before it is
    // live). Before any tick, and whenever it is ahead, `covered_to` sets the exchange clock.
    void take_bars(std::string_view symbol, std::string_view exchange,
                   const std::vector<event::Event>& minutes, time::Timestamp covered_to, time::Timestamp now);
    // Whether the exchange clock is known (a tick, or a candle tier's bars, came).
    bool has_clock() const { return has_clock_; }
    // Whether a candle from elsewhere (a --history warm start) may be written: true once per
    // symbol, timeframe and open time; later bars of the series are then measured against it.
    bool admit(const event::Event& candle);
    // End of the run: open bars as partial, held bars given up.
    void finish(time::Timestamp now);

    // Candles ready to write, appended in order: the caller takes them and clears the vector.
    std::vector<event::Event>& ready() { return ready_; }
    std::vector<Note>& notes() { return notes_; }

    // The exchange clock now, by the wall clock: the latest ltt plus the wall time since it came.
    time::Timestamp exchange_now(time::Timestamp wall) const;

    struct Counts {
        std::uint64_t ticks = 0, late = 0, future = 0, no_exchange_time = 0, outside_session = 0;
        std::uint64_t volume_went_back = 0, held = 0, from_history = 0, gave_up = 0, duplicates = 0;
    };
    const Counts& counts() const { return counts_; }

private:
    struct Pending;
    struct Series;
    struct SymbolState;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    SymbolState& state(std::string_view symbol, std::string_view exchange);
    std::size_t tf_index(time::Timeframe tf) const;
    void take_closed(time::Timestamp wall);
    void release(SymbolState& s, time::Timestamp exchange_now, bool give_up_all = false);
    bool release_front(SymbolState& s, Series& series, time::Timestamp exchange_now, bool give_up_all);
    void write(Series& series, event::Event bar);
    std::int64_t ns(double seconds) const { return static_cast<std::int64_t>(seconds * 1e9); }

    LiveCandleOptions opts_;
    const time::Calendar& calendar_;
    std::vector<time::Timeframe> tfs_;
    candles::BarAggregator bars_;
    std::unordered_map<std::string, std::unique_ptr<SymbolState>, Hash, std::equal_to<>> symbols_;
    std::vector<event::Event> closed_;
    std::vector<event::Event> ready_;
    std::vector<Note> notes_;
    bool has_clock_ = false;
    time::Timestamp clock_ltt_{}, clock_wall_{};
    Counts counts_;
};

}  // namespace sos::live
