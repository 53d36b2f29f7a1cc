// The routes file (sos-exec --routes FILE): which broker instance takes which orders.
//
//   {"routes": [
//      {"symbol": "BANKNIFTY", "broker": "dhan"},
//      {"strategy": ["TOMIC_*", "orb_breakout"], "broker": "zerodha"},
//      {"symbol": "NIFTY", "strategy": "iron_condor", "broker": "dhan"}
//    ],
//    "default": "kotak"}
//
// Each rule has "broker" and at least one of "symbol" and "strategy" (a name or a list of
// names; a final '*' matches a prefix); both given, both must match. "routes" and "default"
// are each optional, but one of them must be there. Every broker named must be an entry of
// the brokers file. Anything else (an unknown key, an empty name, a rule with no condition)
// is refused with a config::ConfigError naming the file and the field ("routes.json:
// routes[1].broker: no broker 'kotakk' in brokers.json (it has dhan, kotak, zerodha)").
//
// The same object can be a section of another file (parse_routing_section), so the routes
// may later move into the brokers file under "routing" without a second parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/routing.hpp"

namespace sos::routing {

// The brokers file's names, and its path for messages.
struct KnownBrokers {
    std::string path;
    std::vector<std::string> names;
};

// Reads `section` (an object as above); `where` prefixes field names in messages ("" for a
// file of its own, "routing" for a section). Messages do not name the file: the caller's
// config::naming_file does.
Routing parse_routing_section(const nlohmann::json& section, const std::string& where,
                              const KnownBrokers& brokers);

// A routes file's text; `path` is for messages (tests use this directly).
Routing parse_routes_file(std::string_view text, const std::string& path, const KnownBrokers& brokers);

// Reads and checks the routes file at `path` (at most files::kDocumentLimit).
Routing load_routes_file(const std::string& path, const KnownBrokers& brokers);

}  // namespace sos::routing
