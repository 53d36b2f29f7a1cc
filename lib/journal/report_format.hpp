// A report for people (aligned text tables: money in rupees to the paisa, times in IST) and
// for programs (one JSON object on one line: money in integer paise, times in epoch seconds),
// alone or several runs side by side (--compare).
#pragma once

#include <string>
#include <vector>

#include "journal/report.hpp"

namespace sos::journal {

std::string format_report_text(const Report& r);
std::string format_report_json(const Report& r);  // ends with '\n'

// One column per run, one row per figure of the whole run ("ALL").
std::string format_compare_text(const std::vector<Report>& reports);
std::string format_compare_json(const std::vector<Report>& reports);  // ends with '\n'

}  // namespace sos::journal
