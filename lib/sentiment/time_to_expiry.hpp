// Time to an option's expiry as the analytics count it: calendar time (nights and weekends
// included, as option prices decay through them) to the exchange's close on the expiry day,
// 15:30 Asia/Kolkata for NSE index options, in years of 365 days.
#pragma once

#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::sentiment {

inline constexpr int kNseExpiryClose = 15 * 3600 + 30 * 60;
inline constexpr double kSecondsPerYear = 365.0 * 86400.0;

// Negative once the expiry's close has passed.
double years_to_expiry(time::Date expiry, time::Timestamp now, time::ZoneOffset zone = time::kIndia,
                       int close_seconds_of_day = kNseExpiryClose);

}  // namespace sos::sentiment
