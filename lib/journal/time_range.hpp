// The --from/--to bounds of the journal's reading commands: an instant as epoch seconds or as
// an India Standard Time date or date and time, and a half-open range [from, to) of event time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sos::journal {

class Statement;

struct TimeRange {
    std::optional<double> from;  // epoch seconds, inclusive
    std::optional<double> to;    // exclusive

    bool contains(double t) const { return (!from || t >= *from) && (!to || t < *to); }
    bool bounded() const { return from || to; }
};

// Reads "1704685500", "1704685500.25", "2024-01-08", "2024-01-08 09:15", "2024-01-08T09:15:30"
// (dates and times in IST). A bare date as an upper bound means the end of that day, so
// `--from 2024-01-08 --to 2024-01-08` is that whole day. Nothing for text it cannot read.
std::optional<double> parse_time_bound(std::string_view text, bool upper);

// Both bounds; throws std::invalid_argument naming the option that cannot be read or a range
// that ends before it starts.
TimeRange parse_time_range(const std::string& from, const std::string& to);

// Binds a run as ?1 and the range as ?2 and ?3 (NULL where unbounded), for queries that read
// "run_id = ?1 AND (?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR ts < ?3)".
void bind_run_range(Statement& s, std::int64_t run_id, const TimeRange& range);

}  // namespace sos::journal
