// The checking half of reading: decodes a line, checks the contract (fields and time order)
// and applies the bad-input policy, leaving the canonical events in a DecodedLine. Decoding,
// the costly part, may run out of input order: the decoding workers decode whole batches in
// parallel (decode_batch), each line on its own with simdjson's on-demand parser. Checking
// runs in input order on whichever thread holds the deciding role (check, overlong), so the
// diagnostics come in input order and the filter only meets good lines. decode() does both at
// once, for LineProcessor (tests, and tools that need no threads).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "event/order_guard.hpp"
#include "ndjson/line_assembler.hpp"

namespace sos::pipeline {

struct DecodedLine {
    bool ok = false;
    bool stop = false;  // --strict tripped on this line: nothing after it may be processed
    bool canonical = false;
    std::string error;  // why the line was refused (decode_only)
    event::Kind kind = event::Kind::Unknown;
    std::string type;
    event::EventList events;
};

class LineDecoder {
public:
    LineDecoder(diag::BadInput& bad, std::string source) : bad_(bad), source_(std::move(source)) {}

    // data[len, capacity) must be readable (event::Decoder::padding()).
    void decode(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number,
                DecodedLine& out, bool time_order = true);
    void overlong(std::uint64_t number, std::size_t length, DecodedLine& out);

    // The parts that may run out of input order (on a decoding worker): decoding only, the
    // refusal kept in out.error. Then, in input order, check() applies the time-order check and
    // the bad-input policy.
    static void decode_only(event::Decoder& decoder, const char* data, std::size_t len, std::size_t capacity,
                            DecodedLine& out);
    // decode_only for every line of a batch.
    static void decode_batch(event::Decoder& decoder, const ndjson::LineBatch& lines,
                             std::vector<DecodedLine>& out);
    // `time_order`: false when the filter checks time order itself (Filter::checks_time_order).
    void check(std::uint64_t number, DecodedLine& out, bool time_order = true);

private:
    void refuse(std::uint64_t number, std::string_view reason, DecodedLine& out);

    diag::BadInput& bad_;
    std::string source_;
    event::Decoder decoder_;
    event::OrderGuard order_;
};

}  // namespace sos::pipeline
