// The --from/--to bounds of the journal's reading commands: a half-open range [from, to) of
// event time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sos::journal {

class Statement;

struct TimeRange {
    std::optional<double> from;  // epoch seconds, inclusive
    std::optional<double> to;    // exclusive

    bool contains(double t) const { return (!from || t >= *from) && (!to || t < *to); }
    bool bounded() const { return from || to; }
};

// Both bounds, read by time::parse_user_time in IST (a bare date as --to is the end of that day,
// so `--from 2024-01-08 --to 2024-01-08` is that whole day); throws std::invalid_argument
// naming the option that cannot be read or a range that ends before it starts.
TimeRange parse_time_range(const std::string& from, const std::string& to);

// Binds a run as ?1 and the range as ?2 and ?3 (NULL where unbounded), for queries that read
// "run_id = ?1 AND (?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR ts < ?3)".
void bind_run_range(Statement& s, std::int64_t run_id, const TimeRange& range);

}  // namespace sos::journal
