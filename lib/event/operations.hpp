// Operations messages: alerts, health beats and operator control.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "event/market.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"

namespace sos::event {

struct Alert {
    std::string level;  // info | warn | crit
    std::string code;
    std::string message;
    std::string tool;
};

struct Health {
    std::string tool;
    std::int64_t pid = 0;
    double uptime_s = 0;
    std::int64_t in = 0, out = 0, bad = 0;
    OptNum lag_s;
};

// Who asked for an operator's action, and when (the wall clock): `asked_by` (the user's name),
// `uid` and `at` on a CONTROL or a manual SIGNAL that came through a control socket (lib/control).
// Empty on lines a tool derived itself (sos-risk's kill on the day's loss).
struct Asker {
    std::string name;
    std::optional<std::int64_t> uid;
    std::optional<time::Timestamp> at;
};

struct Control {
    std::string command;  // pause resume stop kill reload reset
    std::string target;
    std::string scope;
    Asker asked;
};

// How every tool reads a CONTROL, one way (sos-risk's kill switch, sos-exec's flattening).
// For `tool` ("sos-risk", "sos-exec") when it names no target or names that tool.
inline bool addressed_to(const Control& c, std::string_view tool) {
    return c.target.empty() || c.target == tool;
}
// The kill switch: `kill` for `tool`; it covers everything when its scope is empty or "all",
// else the one underlying or strategy the scope names.
inline bool is_kill_for(const Control& c, std::string_view tool) {
    return c.command == "kill" && addressed_to(c, tool);
}
inline bool kills_everything(const Control& c) {
    return c.command == "kill" && (c.scope.empty() || c.scope == "all");
}

// A step of a tool's reasoning, for debugging with jq (sos-match --explain): a phase
// transition, a timeout, a veto, a reset or a gate decision, with the values that decided it.
// Readers that have no case of their own for it (a visit over every body) treat it as a
// message of unknown type: it converts to std::monostate for them.
struct Trace {
    std::string pattern_id;
    std::string event;  // PHASE TIMEOUT VETO RESET GATE TRIGGER
    std::optional<time::Timeframe> tf;
    std::optional<time::Timestamp> candle_ts;
    std::optional<int> from, to;  // phase indices
    std::string phase;            // the id of the phase concerned
    std::string result;           // GATE: true, false or undefined
    std::string detail;
    std::vector<std::pair<std::string, OptNum>> values;

    operator std::monostate() const { return {}; }
};

}  // namespace sos::event
