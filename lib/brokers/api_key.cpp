#include "brokers/api_key.hpp"

#include "config/json_config.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sos::brokers {

using config::ConfigError;

namespace {

constexpr std::size_t kMaxKeyFile = 4096;

[[noreturn]] void refuse(const BrokersFile& file, const BrokerEntry& entry, std::string_view field,
                         const std::string& why) {
    throw ConfigError(fmt::format("{}: brokers.{}.{}: {}", file.path, entry.name, field, why));
}

// Surrounding blanks and the final newline an editor adds are not part of the key; a blank
// inside it means the file holds something else than one key.
std::string trimmed(std::string s, bool& inner_blank) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t a = 0, b = s.size();
    while (a < b && blank(s[a]))
        ++a;
    while (b > a && blank(s[b - 1]))
        --b;
    inner_blank = false;
    for (std::size_t i = a; i < b; ++i)
        inner_blank = inner_blank || blank(s[i]);
    std::string out = s.substr(a, b - a);
    std::fill(s.begin(), s.end(), '\0');
    return out;
}

Secret from_env(const BrokersFile& file, const BrokerEntry& entry) {
    const char* value = std::getenv(entry.key_location.c_str());
    if (value == nullptr)
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} is not set", entry.key_location));
    bool inner = false;
    std::string key = trimmed(value, inner);
    if (key.empty())
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} is empty", entry.key_location));
    if (inner)
        refuse(file, entry, "api_key_env",
               fmt::format("the environment variable {} holds more than one word", entry.key_location));
    return Secret(std::move(key));
}

// Opened first and checked through the descriptor, so the file checked is the file read.
Secret from_file(const BrokersFile& file, const BrokerEntry& entry) {
    const std::string& path = entry.key_location;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        refuse(file, entry, "api_key_file", fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        refuse(file, entry, "api_key_file", fmt::format("{} is not a regular file", path));
    if ((st.st_mode & 077) != 0)
        refuse(file, entry, "api_key_file",
               fmt::format("{} can be read by others (mode {:04o}): make it owner-only with chmod 600 {}",
                           path, st.st_mode & 07777, path));
    if (st.st_uid != ::geteuid())
        refuse(file, entry, "api_key_file", fmt::format("{} belongs to another user", path));
    std::string text(kMaxKeyFile + 1, '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            refuse(file, entry, "api_key_file",
                   fmt::format("cannot read {}: {}", path, std::strerror(errno)));
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > kMaxKeyFile)
        refuse(file, entry, "api_key_file", fmt::format("{} is too long to be a key file", path));
    text.resize(got);
    bool inner = false;
    std::string key = trimmed(std::move(text), inner);
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
