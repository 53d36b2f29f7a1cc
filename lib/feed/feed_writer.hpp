// What sos-feed does with each record, whatever its source: build candles for the asked
// timeframes, hold back history before the live start (--history), stop at --end, pace the
// output at real time x --speed, and write lines (canonical input bytes unchanged, the rest
// encoded). Late and out-of-session ticks are counted and reported.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "candles/candle_builder.hpp"
#include "diag/bad_input.hpp"
#include "event/order_guard.hpp"
#include "feed/history_buffer.hpp"
#include "ndjson/output.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::feed {

struct FeedOptions {
    std::vector<time::Timeframe> tfs;      // empty: 1m from ticks, candles as they come
    std::size_t history = 0;               // candles per series before the live start
    std::optional<time::Timestamp> start;  // the live start: earlier records are history
    std::optional<time::Timestamp> end;    // records at or after it end the run
    double speed = 0;                      // 0: as fast as possible
    bool check_order = true;               // refuse records whose time goes back
    std::string src = "replay";            // the src written on the bars built here
};

// Sees every event sos-feed writes, in order, so that derived lines (the SENTIMENT_UPDATE
// after each option chain) can be added without the feed knowing what derives them.
class WriteObserver {
public:
    virtual ~WriteObserver() = default;
    virtual void before_write(const event::Event&, ndjson::Output&) {}
    virtual void after_write(const event::Event&, ndjson::Output&) {}
    // Nothing more is written for now: the output is about to wait, input paused, or the data ended.
    virtual void flush(ndjson::Output&) {}
};

class FeedWriter {
public:
    FeedWriter(const FeedOptions& opts, const time::Calendar& calendar, diag::BadInput& bad,
               pipeline::StopSignals* signals);

    // Takes one record; false when the run must end (--end reached, --strict, a stop signal
    // while pacing). `raw` is the record's original canonical line, or empty. `series`: the
    // number of the series of a record of one event in series_index(), when the caller
    // knows it (else -1).
    bool take(const event::EventList& events, std::string_view raw, std::string_view raw_type,
              std::string_view origin, std::uint64_t line, ndjson::Output& out, int series = -1);
    // How the time-order check numbers series, for a reader ahead to share (RecordedFileFilter).
    event::SeriesIndex& series_index() { return order_.series_index(); }
    // A record its source refused (a row out of sequence): reported as bad input; false when
    // the run must end (--strict).
    bool refuse(std::string_view origin, std::uint64_t line, std::string_view why) {
        return bad_.report(origin, line, why);
    }
    // End of the data: open bars are written, history still held is released.
    void finish(ndjson::Output& out);

    // Not owned; may be null.
    void set_observer(WriteObserver* observer) { observer_ = observer; }
    // Input went quiet: lets the observer write what it holds.
    void idle(ndjson::Output& out) {
        if (observer_) observer_->flush(out);
    }

    std::uint64_t late() const { return builder_.late(); }
    std::uint64_t outside_session() const { return builder_.outside_session(); }

private:
    bool live(time::Timestamp t) const { return !opts_.start || t >= *opts_.start; }
    void write_built(std::vector<event::Event>& bars, ndjson::Output& out);
    void release_history(ndjson::Output& out);
    bool pace(time::Timestamp known_at, ndjson::Output& out);
    // `raw` (when not empty) goes out byte for byte, else the event is encoded.
    void write(const event::Event& e, std::string_view raw, std::string_view raw_type, ndjson::Output& out);

    FeedOptions opts_;
    diag::BadInput& bad_;
    pipeline::StopSignals* signals_;
    candles::CandleBuilder builder_;
    HistoryBuffer history_;
    bool history_released_ = false;
    event::OrderGuard order_;
    std::vector<event::Event> built_;
    std::optional<time::Timestamp> pace_base_event_;
    std::chrono::steady_clock::time_point pace_base_wall_;
    bool stopped_ = false;
    WriteObserver* observer_ = nullptr;
};

}  // namespace sos::feed
