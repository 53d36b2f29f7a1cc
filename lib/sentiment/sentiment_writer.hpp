// Puts a SENTIMENT_UPDATE into a stream right after each option chain, and keeps the state
// file. When the stream already carries the update (the line after the chain is a
// SENTIMENT_UPDATE of the same underlying and time, written by an earlier sos-feed), none is
// added, so `sos-feed ... | sos-feed replay` passes a stream through unchanged. The update
// is therefore held until the next line is known, or until the caller says nothing more is
// coming for now (input paused, output about to wait, end of data): live latency is the
// same as writing it at once.
#pragma once

#include <string>

#include "event/event.hpp"
#include "ndjson/output.hpp"
#include "sentiment/sentiment_engine.hpp"

namespace sos::sentiment {

class SentimentWriter {
public:
    // Loads the state file when one is named (throws StateFileError if it cannot be read).
    SentimentWriter(SentimentEngine& engine, std::string state_path);

    // Before an event's line goes out: the pending update is written first, or dropped when
    // this event is that same update coming from upstream.
    void before(const event::Event& e, ndjson::Output& out);
    // After it went out: the analytics learn from it; a chain makes an update pending.
    void after(const event::Event& e, ndjson::Output& out);
    // Writes the pending update, if any.
    void flush(ndjson::Output& out);
    // End of the stream: flush and save the state.
    void finish(ndjson::Output& out);

    // False once saving the state file failed (reported on stderr).
    bool ok() const { return ok_; }
    std::uint64_t written() const { return written_; }

private:
    void save();

    SentimentEngine& engine_;
    std::string state_path_;
    event::Event pending_, derived_;
    bool has_pending_ = false;
    std::string line_;
    bool ok_ = true;
    std::uint64_t written_ = 0;
};

}  // namespace sos::sentiment
