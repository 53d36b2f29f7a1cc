// Candles from a server that sends snapshots of the bar still forming, not closed bars: the
// seed's SOS bridge sends each symbol's 1-minute bar every 10-15 s, stamped when it polled its
// source (or, from its Upstox path, at midnight). Each snapshot is placed in the bar its time
// falls in (bars anchored at the session open); a bar's last snapshot is written as the closed
// bar once a snapshot of a later bar arrives, or once the wall clock passes the bar's end plus
// a grace period. A snapshot for a bar already written is late: counted, not folded in.
// A bar is as complete as the server's last snapshot of it (up to one poll interval of
// trading at its end may be missing): nothing sos can recover from such a stream. A bar open
// when the connection was lost may have missed its later snapshots: it is written flagged
// partial.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event/event.hpp"
#include "time/calendar.hpp"

namespace sos::wsfeed {

class BarSnapshots {
public:
    BarSnapshots(const time::Calendar& calendar, double grace_s);

    // A snapshot (a CANDLE event, its timestamp when it was taken), received at wall time `now`.
    void add(const event::Event& snapshot, time::Timestamp now);
    // The wall clock moved: writes the bars it has passed by the grace period.
    void advance(time::Timestamp now);
    // End of the stream: bars still open are written flagged partial.
    void finish();
    // Snapshots may have been missed from here (the connection was lost): the bars open now
    // will be written flagged partial.
    void mark_gap();

    // Closed bars, appended in order: the caller takes them and clears the vector.
    std::vector<event::Event>& ready() { return ready_; }

    struct Counts {
        std::uint64_t snapshots = 0, closed = 0, late = 0, outside_session = 0;
    };
    const Counts& counts() const { return counts_; }

private:
    struct Open {
        time::BarSpan span;
        event::Event last;  // the latest snapshot, stamped at the bar's open
        bool gap = false;   // snapshots may have been missed in it
    };
    void close(Open& bar);

    const time::Calendar& calendar_;
    std::int64_t grace_ns_;
    // By symbol and timeframe: the bar being snapshotted, and the open time of the last written.
    std::map<std::pair<std::string, int>, Open> open_;
    std::map<std::pair<std::string, int>, time::Timestamp> written_;
    std::vector<event::Event> ready_;
    Counts counts_;
};

}  // namespace sos::wsfeed
