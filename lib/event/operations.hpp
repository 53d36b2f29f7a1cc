// Operations messages: alerts, health beats and operator control.
#pragma once

#include <cstdint>
#include <string>

#include "event/market.hpp"

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

struct Control {
    std::string command;  // pause resume stop kill reload
    std::string target;
    std::string scope;
};

}  // namespace sos::event
