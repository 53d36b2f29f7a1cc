// Typed reads of simdjson on-demand values as the contract wants them, and a walker that
// visits (and optionally re-serialises) a value so malformed JSON is caught even in fields
// no tool reads. Internal to lib/event; the rest of sos never sees simdjson types.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event/market.hpp"
#include "time/timestamp.hpp"

namespace sos::event::json {

namespace od = simdjson::ondemand;

// Each returns false when the value is not of the wanted shape. Numbers may also be
// written as numeric strings ("65"): OpenAlgo and hand-made files do both.
bool read_number(od::value& v, double& out, bool* was_string = nullptr);
bool read_optional_number(od::value& v, OptNum& out);  // null -> absent
bool read_integer(od::value& v, std::int64_t& out);    // a number with no fraction
bool read_string(od::value& v, std::string& out);
// A string's text: in place in the line when it has no escapes, else unescaped by simdjson.
bool read_text(od::value& v, std::string_view& out);
bool read_optional_string(od::value& v, std::optional<std::string>& out);  // null -> absent
bool read_bool(od::value& v, bool& out);
// `unusual` is set when the time was not written as epoch seconds (a string, milliseconds).
bool read_timestamp(od::value& v, time::Timestamp& out, bool* unusual = nullptr);
// A field's key. Keys without escapes (all of the contract's) are read in place without
// copying; others are unescaped.
bool field_key(od::field& f, std::string_view& key);
bool is_null(od::value& v);

// Visits every value below v, appending compact JSON to out when out is not null.
// Returns false on malformed JSON.
bool walk(od::value& v, std::string* out);
void append_escaped(std::string& out, std::string_view s);
// The same without the quotes, for a string written in pieces: escaping works byte by byte,
// so pieces escaped one after another give what their concatenation would.
void append_escaped_inner(std::string& out, std::string_view s);
// The same at p, which has room for 6 * s.size() bytes (\u00XX at worst); returns the end.
char* write_escaped_inner(char* p, std::string_view s);

}  // namespace sos::event::json
