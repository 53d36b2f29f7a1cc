#include "brokers/api_key.hpp"

#include "config/json_config.hpp"
#include "files/private_file.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace sos::brokers {

using config::ConfigError;

namespace {

constexpr std::size_t kMaxKeyFile = 4096;

[[noreturn]] void refuse(const BrokersFile& file, const BrokerEntry& entry, std::string_view field,
                         const std::string& why) {
    throw ConfigError(fmt::format("{}: brokers.{}.{}: {}", file.path, entry.name, field, why));
}

Secret from_env(const BrokersFile& file, const BrokerEntry& entry) {
    const char* value = std::getenv(entry.key_location.c_str());
    if (value == nullptr)
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} is not set", entry.key_location));
    bool inner = false;
    std::string key = files::trimmed_secret(value, &inner);
    if (key.empty())
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} is empty", entry.key_location));
    if (inner)
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} holds more than one word", entry.key_location));
    return Secret(std::move(key));
}

// The file's checks (owner-only, a regular file of this user's) are lib/files' one rule.
Secret from_file(const BrokersFile& file, const BrokerEntry& entry) {
    const std::string& path = entry.key_location;
    files::PrivateFile f = files::read_private(path, kMaxKeyFile);
    if (f.problem == files::PrivateFileProblem::TooLong)
        refuse(file, entry, "api_key_file", fmt::format("{} is too long to be a key file", path));
    if (!f.ok()) refuse(file, entry, "api_key_file", f.error);
    bool inner = false;
    std::string key = files::trimmed_secret(std::move(f.text), &inner);
    if (key.empty()) refuse(file, entry, "api_key_file", fmt::format("{} is empty", path));
    if (inner)
        refuse(file, entry, "api_key_file", fmt::format("{} must hold the key alone, on one line", path));
    return Secret(std::move(key));
}

}  // namespace

Secret read_api_key(const BrokersFile& file, const BrokerEntry& entry) {
    return entry.key_source == KeySource::Env ? from_env(file, entry) : from_file(file, entry);
}

std::vector<ResolvedBroker> resolve_brokers(const BrokersFile& file, const std::vector<std::string>& names) {
    std::vector<ResolvedBroker> out;
    for (const auto& name : names) {
        const BrokerEntry& entry = file.find(name);
        for (const auto& r : out)
            if (r.entry == &entry)
                throw ConfigError(fmt::format("{}: broker '{}' is named twice", file.path, name));
        out.push_back({&entry, read_api_key(file, entry)});
    }
    return out;
}

}  // namespace sos::brokers
