// Reads one NDJSON line into canonical events with simdjson's on-demand parser. Every field
// is visited once: those the contract knows are read into their typed slots, the others are
// checked for well-formedness and skipped, so a truncated or corrupt line is never passed on.
// Seed forms (CANDLE_UPDATE, MARKET_UPDATE, SYNC_RECOVERY, the SOS bridge's wire form) come
// out as the canonical events they stand for.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.hpp"

namespace sos::event {

// Why a line (or one element of a SYNC_RECOVERY) was refused.
struct DecodeError {
    std::string type;   // the line's type, empty when it had none
    std::string field;  // path of the offending field ("h", "strikes[2].ce.ltp"), may be empty
    std::string reason;
    // "CANDLE: h < l", "not JSON: ...", "CANDLE: field 'o': missing"
    std::string message() const;
};

class Decoder {
public:
    // Bytes of readable memory the decoder needs after each line (simdjson reads ahead).
    static std::size_t padding();

    // `fast_paths` false: every line the general way (the tests that hold the fast paths, such
    // as compact_candle.hpp's, to it).
    explicit Decoder(bool fast_paths = true);
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // Decodes the line at data[0, len); data[len, capacity) must be readable with
    // capacity >= len + padding(). Appends the canonical events to `out` (which it clears
    // first). Returns false when the line must be refused; error() says why. For a
    // SYNC_RECOVERY, bad elements are left out and reported in element_errors() while the
    // good ones are kept.
    bool decode(const char* data, std::size_t len, std::size_t capacity, EventList& out);
    // Convenience for tests and cold paths: copies into a padded buffer first.
    bool decode(std::string_view line, EventList& out);

    const DecodeError& error() const { return error_; }
    const std::vector<DecodeError>& element_errors() const { return element_errors_; }
    // The line's "type" as written (also for unknown types), valid until the next decode.
    std::string_view type() const { return type_; }
    Kind kind() const { return kind_; }
    // True when the last line was written in the canonical form (no seed form, bridge
    // wrapper, alias name, numeric string or millisecond time): it may be copied as it is
    // wherever canonical output is required.
    bool canonical() const { return canonical_; }

private:
    void reset_result(EventList& out);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    DecodeError error_;
    std::vector<DecodeError> element_errors_;
    std::string type_;
    Kind kind_ = Kind::Unknown;
    bool canonical_ = false;
    bool fast_paths_ = true;
    std::string scratch_;
};

}  // namespace sos::event
