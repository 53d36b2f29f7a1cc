// Marking a journaled line as history (hist: true) for `sos-journal replay --as-hist`, so a
// restarted sos-risk or sos-exec rebuilds its state from it without acting on it again.
//
// A line already all history (hist: true, a SYNC_RECOVERY) goes out byte for byte. A line in
// the canonical form, or of a type outside the catalogue, keeps every byte but its top-level
// "hist" member: set to true in place, or added before the closing brace, so fields no sos
// tool knows survive. A line in a seed or bridge form is re-encoded canonically, one line per
// event it stands for, each with hist: true.
#pragma once

#include <string>
#include <string_view>

#include "event/decoder.hpp"
#include "event/event.hpp"

namespace sos::journal {

class HistMarker {
public:
    // Appends the line or lines, each ended by '\n'.
    void append(std::string_view line, std::string& out);

private:
    event::Decoder decoder_;
    event::EventList events_;
};

// The JSON object `line` with its top-level "hist" member set to true. Exposed for tests.
std::string with_hist_true(std::string_view line);

}  // namespace sos::journal
