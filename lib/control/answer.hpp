// The tool's answer to a control request: one JSON object a line,
//   {"ok":true,"command":"pause","detail":"...",...}  or
//   {"ok":false,"command":"signal","reason":"PAUSED","detail":"..."}
// with more members the tool adds (a status's state, a manual signal's order).
#pragma once

#include <string>
#include <string_view>

namespace sos::control {

struct Answer {
    bool ok = false;
    std::string command;
    std::string reason;  // a code when refused (a REJECT's reason, USAGE, NOT_RUNNING, ...)
    std::string detail;  // words for a person
    std::string fields;  // more members of the object, as JSON text ("\"paused\":true"); may be empty
    std::string text;    // the whole line as read (parse_answer), for printing
};

// The line (no newline).
std::string answer_text(const Answer& a);
// Reads an answer line. Throws std::runtime_error when it is not one.
Answer parse_answer(std::string_view text);

}  // namespace sos::control
