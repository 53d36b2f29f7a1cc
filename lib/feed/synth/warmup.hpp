// synth --history N: the whole sessions to generate before --from so that N bars of the
// smallest timeframe asked for come before the live start. Counted on the calendar's own
// sessions, walking back from the first one: a normal day holds 375 one-minute bars, a Muhurat
// hour 60, a Budget-day Saturday what its hours hold.
#pragma once

#include <cstddef>

#include "time/calendar.hpp"
#include "time/timeframe.hpp"

namespace sos::feed {

int warmup_sessions_for(std::size_t bars, time::Timeframe tf, const time::Calendar& calendar,
                        time::Date from);

}  // namespace sos::feed
