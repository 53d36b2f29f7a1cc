// Request limits written as OpenAlgo writes them (its ORDER_RATE_LIMIT, API_RATE_LIMIT settings
// are flask-limiter strings): "10 per second", "10/second", "100 per 2 minutes", several joined
// by ';', ',' or '|' ("10 per second;40 per minute"). Every window holds at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sos::ratelimit {

// At most `limit` requests in any span of `period`.
struct Window {
    std::uint32_t limit = 0;
    std::chrono::milliseconds period{0};
    bool operator==(const Window&) const = default;
};

// A limit string that cannot be read; the message quotes the part at fault.
class LimitSpecError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Units as flask-limiter's: second, minute, hour, day (singular or plural, any case), and the
// short forms s, sec, min, h, hr, d ("10/s", "200/min"). Month and year are refused, and so is
// any period longer than a day: no client runs long enough for them to matter. A count is 1 to
// 100000 (zero allows nothing; each counted request is remembered while in its window). An
// empty string is an error (no limit is the absence of a string, not an empty one).
std::vector<Window> parse_windows(std::string_view spec);

// "10 per second;40 per minute": what parse_windows reads back to the same windows.
std::string describe(const std::vector<Window>& windows);

}  // namespace sos::ratelimit
