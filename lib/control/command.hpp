// What an operator asks of a running tool through its control socket (sos-ctl, the dashboard):
// the request as it travels on the socket (one JSON object a line), and the stream line it
// becomes in the tool (a CONTROL, or a manual SIGNAL for sos-risk) with who asked and when.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "event/operations.hpp"
#include "time/timestamp.hpp"
#include "vocab/control_verb.hpp"
#include "vocab/side.hpp"

namespace sos::control {

using Verb = vocab::ControlVerb;

// A manual signal (TOMIC's tomicSignal): traded at the last price sos-risk saw of the symbol
// unless an entry is given; `qty` caps what sizing allows.
struct ManualSignal {
    std::string symbol;
    std::string exchange;
    vocab::Side side = vocab::Side::Buy;
    std::optional<std::int64_t> qty;
    std::optional<double> entry, stop, target;
    std::string strategy = "manual";
};

struct Command {
    Verb verb = Verb::Status;
    std::string scope;   // pause, resume, kill, reset: an underlying or a strategy; empty: all
    std::string target;  // the tool the CONTROL line is for; empty: every tool it concerns
    ManualSignal signal;
};

struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The request's text on the socket (no newline).
std::string request_text(const Command& c);
// Reads a request. Throws CommandError naming what is wrong.
Command parse_request(std::string_view text);

// The line the tool decides: a CONTROL (pause, resume, kill, reset) or a SIGNAL (signal),
// with who asked and when (`who.at`, the wall clock), its timestamp `stamp`: the wall clock in
// a live stream, the stream's own time in a replay (handler.cpp). Not for status.
std::string stream_line(const Command& c, const event::Asker& who, time::Timestamp stamp);

}  // namespace sos::control
