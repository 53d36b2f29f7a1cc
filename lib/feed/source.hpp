// A source of market data in time order. Recorded files, the synthetic market and (in a later
// issue) live OpenAlgo feeds with fallback between them all implement this, so sos-feed's
// driver (candle building, history, pacing, output) is the same whatever the data comes from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.hpp"

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
    virtual ~Source() = default;
    // Fills `item` (clearing it first) with the next record; false at the end of the data.
    // Records come in non-decreasing event time.
    virtual bool next(FeedItem& item) = 0;
    // Short name for diagnostics and the HEALTH line ("replay", "synth").
    virtual std::string_view name() const = 0;
    virtual SourceProgress progress() const { return {}; }
    // True when all of the data is already there (a file, not a pipe or a socket): reading
    // ahead of what is written then delays nothing.
    virtual bool recorded() const { return false; }
};

}  // namespace sos::feed
