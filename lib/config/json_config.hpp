// Configuration files in JSON: the shipped defaults (compiled into the binary) with a user's
// file laid over them as a merge patch (RFC 7386), so a user writes only what they change.
// Every key is checked: a misspelt key or a value out of range is an error naming its path
// ("blend.weights.trend: must be between 0 and 100"), because a setting silently ignored is
// worse than a refusal to start. A key named "comment" is allowed anywhere and ignored.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sos::config {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses the defaults, then merges the file at `user_path` over them (an empty path: the
// defaults alone). Throws ConfigError naming the file on unreadable or malformed JSON.
nlohmann::json load_layered(std::string_view defaults_text, std::string_view defaults_name,
                            const std::string& user_path);

// Runs `read` (which reads the file `name`) and makes every ConfigError it throws name that
// file, so a message always says which file and which key ("risk.json: sizing.max_lots: ...").
template <class Read>
auto naming_file(const std::string& name, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const ConfigError& e) {
        const std::string_view what = e.what();
        if (what.starts_with(name)) throw;
        throw ConfigError(name + ": " + std::string(what));
    }
}

// Reads one JSON object key by key. Each accessor marks its key as used; finish() throws on
// any key left unused, so every object read must end with finish().
class ObjectReader {
public:
    // `path` names the object in messages ("" for the top level).
    ObjectReader(const nlohmann::json& object, std::string path);

    bool has(std::string_view key) const;
    double number(std::string_view key, double min, double max);
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
    bool boolean(std::string_view key);
    std::string string(std::string_view key);
    // A string that must be one of `allowed`.
    std::string choice(std::string_view key, std::initializer_list<std::string_view> allowed);
    std::vector<std::string> strings(std::string_view key);
    // A time of day written "HH:MM" (or "HH:MM:SS"), as seconds after midnight.
    int clock(std::string_view key);
    // A nested object; the caller reads it and calls finish() on it.
    ObjectReader object(std::string_view key);
    // An array of objects.
    std::vector<ObjectReader> objects(std::string_view key);
    // The raw value, for shapes the accessors above do not cover.
    const nlohmann::json& value(std::string_view key);

    void finish() const;
    // "blend.weights.trend" for a key of this object.
    std::string where(std::string_view key) const;

private:
    const nlohmann::json& need(std::string_view key);

    const nlohmann::json& j_;
    std::string path_;
    std::vector<std::string> used_;
};

}  // namespace sos::config
