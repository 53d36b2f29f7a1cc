// The decoder's fast path for the line sos reads most: a CANDLE written compactly in the
// contract's own spelling, as sos's encoder and `jq -c` write it
// ({"type":"CANDLE","timestamp":1704080700,"symbol":"INFY",...,"o":1425,...}).
//
// Why: replaying a recorded file is mostly decoding candles, and the general way (simdjson's
// first stage over the line, then the on-demand walk of each field through the per-kind
// readers, the key set and the envelope's dispatch) was about two thirds of the CPU of
// `sos-feed replay FILE` (issue 12). This reader takes such a line in one pass over its bytes.
//
// It never refuses a line. It takes a line only when every byte is as it expects: the object
// starts with "type":"CANDLE"; keys and strings are printable ASCII without escapes; every key
// is one it knows, given once; numbers are short decimals read exactly as read_number reads
// them (json::read_short_decimal), the time whole epoch seconds, booleans true or false; no
// white space; the line ends at the object's closing brace; and validate() finds nothing
// wrong. On anything else (a space, an escape, a byte outside ASCII, a null, an alias, a
// field it does not know, a key given twice, a bad value) it answers "not mine" and the line
// goes the general way, which reads it or refuses it naming the field. So whatever it takes,
// the general way would have taken the same, and every refusal is the general way's.
// tests/unit/event_compact_candle_test.cpp holds the two equal, on good lines and on lines
// broken byte by byte.
#pragma once

#include <cstddef>

#include "event/event.hpp"

namespace sos::event::detail {

// Reads data[0, len) (with readable bytes after it, as Decoder::decode's) into one CANDLE
// event appended to the empty `out`: true. False when the line is not in the form above;
// `out` is then left empty.
bool read_compact_candle(const char* data, std::size_t len, EventList& out);

}  // namespace sos::event::detail
