// The words a person reads on a phone for a notice: what happened, where and when (in the
// exchange's time zone), plain text with no markup (Telegram's Markdown would need every
// underscore of an alert code escaped, and a message with one wrong is refused).
#pragma once

#include <string>

#include "event/event.hpp"
#include "time/civil.hpp"

namespace sos::alerts {

// Telegram takes at most 4096 characters a message; a longer text is cut at this many bytes
// (on a character boundary) and ends with an ellipsis.
inline constexpr std::size_t kMaxTextBytes = 3500;

// "CRIT DAILY_LOSS_HIT from sos-risk\nday loss 5000.00 reached ...\nNIFTY, 2024-01-08 10:15:03 IST"
// for an ALERT; "FILL live: BUY 75 NIFTY24JAN21500CE at 123.45\norder ...\n<time>" for a FILL,
// "EXIT paper: SL ... P&L -258.75" for an EXIT. Empty for any other event.
std::string notice_text(const event::Event& e, time::ZoneOffset zone);

// "2024-01-08 10:15:03 IST" (or "+04:00" for another zone).
std::string local_time_words(time::Timestamp t, time::ZoneOffset zone);

// `text` cut to at most `max` bytes without splitting a UTF-8 character, "..." added when cut.
std::string cut_text(std::string text, std::size_t max);

}  // namespace sos::alerts
