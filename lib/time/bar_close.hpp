// When a bar closes: the one rule every tool that times a candle by its close uses (sos-match's
// trackers, the live feed's candle release; the paper broker's fills are to follow). A bar is
// known at its close, and a candle is stamped with its open.
#pragma once

#include <optional>

#include "time/calendar.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"

namespace sos::time {

// The close of the bar of `tf` opening at `open`: inside a session of `calendar`, its open plus
// the timeframe cut at the session's close (a daily bar closes with the session); outside any
// session, or without a calendar, its open plus the timeframe. `known`: the session of the
// bar's day when the caller holds it already (saves a calendar lookup per candle).
Timestamp bar_close(Timestamp open, Timeframe tf, const Calendar* calendar,
                    const std::optional<Session>* known = nullptr);

}  // namespace sos::time
