#include "journal/time_range.hpp"

#include <stdexcept>

#include "journal/sqlite.hpp"
#include "time/user_time.hpp"

namespace sos::journal {

namespace {

std::optional<double> bound(const std::string& text, const char* option, time::TimeBound which) {
    if (text.empty()) return std::nullopt;
    auto t = time::parse_user_time(text, time::kIndia, which);
    if (!t)
        throw std::invalid_argument(std::string(option) + ": cannot read the time '" + text + "' (" +
                                    time::kUserTimeForms + ")");
    return t->seconds();
}

}  // namespace

TimeRange parse_time_range(const std::string& from, const std::string& to) {
    TimeRange r;
    r.from = bound(from, "--from", time::TimeBound::Start);
    r.to = bound(to, "--to", time::TimeBound::End);
    if (r.from && r.to && *r.to <= *r.from) throw std::invalid_argument("--to is not after --from");
    return r;
}

void bind_run_range(Statement& s, std::int64_t run_id, const TimeRange& range) {
    s.bind_int(1, run_id);
    if (range.from)
        s.bind_real(2, *range.from);
    else
        s.bind_null(2);
    if (range.to)
        s.bind_real(3, *range.to);
    else
        s.bind_null(3);
}

}  // namespace sos::journal
