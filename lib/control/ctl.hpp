// sos-ctl's one call: find the tool's socket (--socket, or --tool in the auto directory), send
// the request, print the answer (words, or the JSON line with --json), and say how it went as
// the documented exit status: 0 done, 1 refused by the tool, 64 usage (also: --tool matching
// more than one tool), 66 no socket found, 74 I/O error, 77 a socket not to be trusted.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "control/command.hpp"

namespace sos::control {

struct CtlOptions {
    std::string socket;  // --socket PATH
    std::string tool;    // --tool NAME
    bool json = false;   // print the answer line as it came
    std::chrono::milliseconds timeout{10'000};
    Command command;
};

int run_ctl(const CtlOptions& o, std::FILE* out = stdout);

}  // namespace sos::control
