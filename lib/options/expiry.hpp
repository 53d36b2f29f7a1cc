// Which expiries an index's options list on a given day. Strategies, risk and the synthetic
// market all need the same rules, and weekday rules alone are wrong around holidays: an
// expiry that falls on a non-trading day moves to the previous trading day.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "time/calendar.hpp"
#include "time/civil.hpp"

namespace sos::options {

enum class ExpiryCycle : std::uint8_t {
    Weekly,   // every week on `weekday`
    Monthly,  // the last `weekday` of each month
};

struct ExpiryRule {
    ExpiryCycle cycle = ExpiryCycle::Monthly;
    int weekday = 2;  // 0 = Sunday .. 6 = Saturday; NSE's index options expire on Tuesdays
};

// NSE's current rules: NIFTY weekly on Tuesday; BANKNIFTY, FINNIFTY, MIDCPNIFTY and
// NIFTYNXT50 monthly on the last Tuesday. Nothing for an underlying sos does not know.
std::optional<ExpiryRule> expiry_rule_for(std::string_view underlying);

// The nominal expiry of a cycle moved back to the nearest trading day on or before it.
time::Date adjust_to_trading_day(time::Date nominal, const time::Calendar& cal);

// The `count` nearest expiries on or after `on` (an expiry on `on` itself is still listed: it
// trades until the close), in order, each already moved off holidays.
std::vector<time::Date> nearest_expiries(const ExpiryRule& rule, time::Date on, const time::Calendar& cal,
                                         int count = 2);

}  // namespace sos::options
