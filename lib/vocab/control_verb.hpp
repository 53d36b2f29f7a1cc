// What an operator asks of a running tool through its control socket (sos-ctl's commands).
// pause, resume, kill and reset become a CONTROL line of that command; signal a manual SIGNAL;
// status is a question, answered without a line.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class ControlVerb : std::uint8_t { Pause, Resume, Kill, Reset, Status, Signal };

template <>
struct Names<ControlVerb> {
    static constexpr std::array<std::string_view, 6> table = {"pause", "resume", "kill",
                                                              "reset", "status", "signal"};
};

}  // namespace sos::vocab
