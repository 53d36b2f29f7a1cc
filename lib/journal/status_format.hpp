// The status view for people (the verdict first, then aligned tables; money in rupees to the
// paisa, times in IST, ages at the view's time) and for programs (one JSON object on one line:
// money in integer paise, times in epoch seconds, ages in seconds).
#pragma once

#include <string>

#include "journal/status.hpp"

namespace sos::journal {

std::string format_status_text(const Status& s);
std::string format_status_json(const Status& s);  // ends with '\n'

}  // namespace sos::journal
