// A journal summary for people (an aligned text table, times in India Standard Time, where
// the sessions are) and for programs (one JSON object on one line, times in epoch seconds).
#pragma once

#include <string>

#include "journal/summary.hpp"

namespace sos::journal {

std::string format_text(const Summary& s);
std::string format_json(const Summary& s);  // ends with '\n'

}  // namespace sos::journal
