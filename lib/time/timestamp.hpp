// Event time: UTC nanoseconds since the epoch, parsed from and written as the contract's
// epoch seconds (fractions allowed) without passing through a double, so 1704711600.25
// survives a round trip exactly.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sos::time {

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

struct Timestamp {
    std::int64_t ns = 0;

    static constexpr Timestamp from_seconds(std::int64_t s) { return Timestamp{s * kNanosPerSecond}; }
    static Timestamp from_seconds_double(double s);
    constexpr std::int64_t whole_seconds() const {
        return ns >= 0 ? ns / kNanosPerSecond : -((-ns + kNanosPerSecond - 1) / kNanosPerSecond);
    }
    constexpr double seconds() const { return static_cast<double>(ns) / kNanosPerSecond; }
    constexpr Timestamp plus_seconds(std::int64_t s) const { return Timestamp{ns + s * kNanosPerSecond}; }
    constexpr auto operator<=>(const Timestamp&) const = default;
};

// Reads a JSON number's text as epoch seconds. A value above 1e11 is taken as epoch
// milliseconds (the SOS bridge's wire form): no real event is dated after the year 5138.
// Returns nothing for text that is not a finite, positive number.
std::optional<Timestamp> parse_epoch(std::string_view number_text);

// Appends the shortest exact decimal form in seconds: 1704711600, 1704711600.25.
void append_epoch_seconds(std::string& out, Timestamp t);
// The same at p, which has room for kEpochRoom bytes; returns the end.
inline constexpr std::size_t kEpochRoom = 32;
char* write_epoch_seconds(char* p, Timestamp t);
std::string to_epoch_string(Timestamp t);

}  // namespace sos::time
