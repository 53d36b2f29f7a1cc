// Reading an entry's API key, as the brokers file says: from an environment variable, or from
// a file that only its owner can read. Every refusal names the brokers file, the entry and the
// variable or key file, and never any part of a key.
#pragma once

#include "brokers/brokers_file.hpp"
#include "brokers/secret.hpp"

#include <string_view>
#include <vector>

namespace sos::brokers {

// ConfigError if the key cannot be had: the variable unset or empty, the file missing,
// unreadable, not owner-only, not owned by this user, empty or holding more than one line.
Secret read_api_key(const BrokersFile& file, const BrokerEntry& entry);

struct ResolvedBroker {
    const BrokerEntry* entry;
    Secret key;
};

// The entries named (in that order) with their keys, every one checked before any is used,
// so a bad name or key stops a tool before it connects anywhere.
std::vector<ResolvedBroker> resolve_brokers(const BrokersFile& file, const std::vector<std::string>& names);

}  // namespace sos::brokers
