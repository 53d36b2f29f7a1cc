// The brokers file: each OpenAlgo instance the user runs, named once.
//
//   {"brokers": {
//     "zerodha": {"rest": "http://127.0.0.1:5002", "ws": "ws://127.0.0.1:8767", "api_key_env":
//     "SOS_KEY_ZERODHA"}, "dhan":    {"rest": "http://127.0.0.1:5001", "ws": "ws://127.0.0.1:8766",
//     "api_key_file": "~/.config/sos/dhan.key",
//                 "live": true}
//   }}
//
// Every entry has rest, ws and exactly one of api_key_env / api_key_file; "live": true lets
// sos-exec --live send real orders to it; "limits" sets the instance's request budgets when they
// are not OpenAlgo's defaults (broker_limits.hpp). Anything else is refused before anything connects,
// with a config::ConfigError naming the file and the entry (exit status 78).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ratelimit/broker_limiter.hpp"

namespace sos::brokers {

enum class KeySource { Env, File };

struct BrokerEntry {
    std::string name;  // the entry's key in the file: what --feed and --broker name
    std::string rest;  // http(s)://host:port of OpenAlgo's REST API (/api/v1 is added by clients)
    std::string ws;    // ws(s)://host:port of its WebSocket proxy
    KeySource key_source = KeySource::Env;
    std::string key_location;  // the environment variable's name, or the key file's path (~ expanded)
    bool live = false;         // real orders allowed (with sos-exec --live)
    // What sos sends it, per endpoint class ("limits"; OpenAlgo's defaults and NSE's cap when
    // the entry says nothing).
    ratelimit::BrokerLimits limits{};
};

struct BrokersFile {
    std::string path;
    std::vector<BrokerEntry> entries;  // in the order of the file

    // The entry named `name`; ConfigError naming the file and the names it has otherwise.
    const BrokerEntry& find(std::string_view name) const;
};

// The file named by --brokers, or else by SOS_BROKERS; ConfigError when neither is given.
std::string brokers_path(const std::string& option);

// Reads and checks the whole file (its key files are read later, by read_api_key).
BrokersFile load_brokers_file(const std::string& path);

// Parses a file's text; `path` is only for messages (tests use this directly).
BrokersFile parse_brokers_file(std::string_view text, const std::string& path);

}  // namespace sos::brokers
