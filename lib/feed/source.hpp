// A source of market data in time order: recorded files, the synthetic market and (in a later
// issue) live OpenAlgo feeds with fallback between them all implement this, so sos-feed's
// driver (candle building, history, pacing, output) is the same whatever the data comes from.
//
// A source runs on its own clock: next() never blocks. A source with nothing ready says Idle
// and names in wait_on() what it waits for: descriptors (standard input, a WebSocket, the
// descriptors of a library such as libwebsockets or curl's multi interface) and a time (a
// timer, a reconnection, a stall watchdog). The stage waits on the union of all of them, and
// the stop signal, in one poll; after the wait, woke() tells the source what fired, then next()
// is asked again. Files and generators are always ready and never name anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.hpp"
#include "pipeline/wait_set.hpp"

namespace sos::feed {

struct FeedItem {
    // The canonical events of one input record, in order.
    event::EventList events;
    // The original line, when it is already canonical and may go out byte for byte
    // (NDJSON replay); empty when the events must be encoded.
    std::string raw;
    std::string raw_type;
    // Where the record came from, for diagnostics: a file name (empty for standard input or a
    // generator) and a line number (0 when there is none).
    std::string_view origin;
    std::uint64_t line = 0;
    // Not empty: the record is refused for this reason (reported with origin and line, not
    // written). Set by a source that can only judge a record by what comes after it.
    std::string refused;
};

struct SourceProgress {
    std::uint64_t done = 0;
    std::uint64_t total = 0;  // 0: unknown
};

class Source {
public:
    enum class Pull {
        Ready,  // `item` holds the next record
        Idle,   // nothing ready now: wait on what wait_on() names, then ask again
        End,    // the data ended (or --strict stopped it)
    };

    virtual ~Source() = default;
    // Fills `item` (clearing it first) with the next record when one is ready, without
    // blocking. Records come in non-decreasing event time. Throws ndjson::ReadError when
    // reading fails (the run ends with exit status 74).
    virtual Pull next(FeedItem& item) = 0;
    // After Idle: adds the descriptors and the time to wait for.
    virtual void wait_on(pipeline::WaitSet&) {}
    // The wait ended; `waits.fired(fd)` says what is ready on each descriptor named.
    virtual void woke(const pipeline::WaitSet&) {}
    // The run is stopping early (a stop signal): a source holding records it has not made ready
    // (a live feed's bars still open) makes them ready now, without waiting on anything, and
    // says true; next() is then asked until it no longer says Ready. Files and generators hold
    // nothing of the kind: their unread records are not drained.
    virtual bool stop_now() { return false; }
    // Short name for diagnostics and the HEALTH line ("replay", "synth").
    virtual std::string_view name() const = 0;
    virtual SourceProgress progress() const { return {}; }
    // True when all of the data is already there (a file, not a pipe or a socket): reading
    // ahead of what is written then delays nothing.
    virtual bool recorded() const { return false; }
};

}  // namespace sos::feed
