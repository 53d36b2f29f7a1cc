// The quality view for people (aligned tables, times in IST) and for programs (one JSON object
// on one line, times in epoch seconds).
#pragma once

#include <string>

#include "journal/quality.hpp"

namespace sos::journal {

std::string format_quality_text(const Quality& q);
std::string format_quality_json(const Quality& q);  // ends with '\n'

}  // namespace sos::journal
