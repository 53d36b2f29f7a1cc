#include "sentiment/time_to_expiry.hpp"

namespace sos::sentiment {

double years_to_expiry(time::Date expiry, time::Timestamp now, time::ZoneOffset zone,
                       int close_seconds_of_day) {
    const time::Timestamp close = zone.at(expiry, close_seconds_of_day);
    return static_cast<double>(close.ns - now.ns) / static_cast<double>(time::kNanosPerSecond) /
           kSecondsPerYear;
}

}  // namespace sos::sentiment
