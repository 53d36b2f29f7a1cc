// Typed reads of simdjson on-demand values as the contract wants them, and a walker that
// visits (and optionally re-serialises) a value so malformed JSON is caught even in fields
// no tool reads. Internal to lib/event; the rest of sos never sees simdjson types.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "event/json_nesting.hpp"
#include "event/market.hpp"
#include "time/timestamp.hpp"

namespace sos::event::json {

namespace od = simdjson::ondemand;

// Each returns false when the value is not of the wanted shape. Numbers may also be
// written as numeric strings ("65"): OpenAlgo and hand-made files do both.
bool read_number(od::value& v, double& out, bool* was_string = nullptr);
// The way read_number takes most numbers: a short decimal (-?digits[.digits], at most 15
// significant digits, no leading zero) read exactly from the text at `p`, which must end a
// JSON value (at , } ] or white space). Returns where it ends, or nullptr for anything else.
const char* read_short_decimal(const char* p, double& out);
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

// How deeply a line may nest objects and arrays. No message of the contract nests more than
// five levels; the walk below recurses once per level, so without a limit one line of
// `[[[[...` (60,000 levels fit in a short line) overflows the stack and takes the tool down.
inline constexpr int kMaxDepth = 64;

// Visits every value below v, appending compact JSON to out when out is not null.
// Returns false on malformed JSON and on values nested more than kMaxDepth levels below v.
bool walk(od::value& v, std::string* out);

// The keys of one object, to refuse a key given twice. A 64-bit filter of each key's first
// and last byte and length answers almost every key with a test and a set; the keys are only
// compared on a filter hit. Objects of many keys fall back to a hash set, so a hostile line
// of a million keys costs linear time, not quadratic. Keys are views: they must outlive it.
class KeySet {
public:
    // False when `key` is already in the set.
    bool insert(std::string_view key) {
        const std::uint64_t bit = std::uint64_t{1} << filter_slot(key);
        if ((filter_ & bit) && contains(key)) return false;
        filter_ |= bit;
        if (count_ < kInline) {
            inline_[count_++] = Key{key.data(), key.size()};
            return true;
        }
        return spill(key);
    }

private:
    static unsigned filter_slot(std::string_view key) {
        if (key.empty()) return 0;
        const auto first = static_cast<unsigned char>(key.front());
        const auto last = static_cast<unsigned char>(key.back());
        const std::uint32_t x =
            (std::uint32_t{first} << 16 | std::uint32_t{last} << 8) ^ static_cast<std::uint32_t>(key.size());
        return (x * 0x9E3779B1u) >> 26;
    }
    bool contains(std::string_view key) const;
    bool spill(std::string_view key);

    // Trivial, so that the table is not cleared for every object read (a chain line has a
    // hundred): only the first count_ entries are ever read.
    struct Key {
        const char* data;
        std::size_t size;
    };
    static constexpr std::size_t kInline = 16;
    std::uint64_t filter_ = 0;
    std::size_t count_ = 0;
    Key inline_[kInline];
    std::optional<std::unordered_set<std::string_view>> more_;
};
void append_escaped(std::string& out, std::string_view s);
// The same without the quotes, for a string written in pieces: escaping works byte by byte,
// so pieces escaped one after another give what their concatenation would.
void append_escaped_inner(std::string& out, std::string_view s);
// The same at p, which has room for 6 * s.size() bytes (\u00XX at worst); returns the end.
char* write_escaped_inner(char* p, std::string_view s);

}  // namespace sos::event::json
