#include "config/json_config.hpp"

#include "config/json_document.hpp"
#include "files/whole_file.hpp"

#include "time/civil.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sos::config {

namespace {

nlohmann::json parse(std::string_view text, std::string_view name) {
    auto doc = parse_document<nlohmann::json>(text);
    if (doc.ok()) return std::move(doc.value);
    std::string message;
    for (const auto& p : doc.problems)
        message += fmt::format("{}{}: {}", message.empty() ? "" : "\n", name, p);
    throw ConfigError(message);
}

}  // namespace

nlohmann::json load_layered(std::string_view defaults_text, std::string_view defaults_name,
                            const std::string& user_path) {
    nlohmann::json merged = parse(defaults_text, defaults_name);
    if (user_path.empty()) return merged;
    const auto file = files::read_whole(user_path, files::kDocumentLimit);
    if (!file.ok()) throw ConfigError(fmt::format("{}: {}", user_path, file.error));
    nlohmann::json user = parse(file.text, user_path);
    if (!user.is_object())
        throw ConfigError(fmt::format("{}: the configuration must be a JSON object", user_path));
    merged.merge_patch(user);
    return merged;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path)
    : j_(object), path_(std::move(path)) {
    if (!j_.is_object())
        throw ConfigError(fmt::format("{}: must be an object", path_.empty() ? "(top level)" : path_));
}

std::string ObjectReader::where(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

bool ObjectReader::has(std::string_view key) const {
    return j_.contains(key);
}

const nlohmann::json& ObjectReader::need(std::string_view key) {
    auto it = j_.find(key);
    if (it == j_.end()) throw ConfigError(fmt::format("{}: missing", where(key)));
    used_.emplace_back(key);
    return *it;
}

const nlohmann::json& ObjectReader::value(std::string_view key) {
    return need(key);
}

double ObjectReader::number(std::string_view key, double min, double max) {
    const auto& v = need(key);
    if (!v.is_number()) throw ConfigError(fmt::format("{}: must be a number", where(key)));
    double x = v.get<double>();
    if (!std::isfinite(x) || x < min || x > max)
        throw ConfigError(fmt::format("{}: must be between {} and {}", where(key), min, max));
    return x;
}

std::int64_t ObjectReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const auto& v = need(key);
    if (!v.is_number_integer()) throw ConfigError(fmt::format("{}: must be a whole number", where(key)));
    // Above 2^63 a whole number is held unsigned; read as signed it would wrap to a negative one.
    const bool huge = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max);
    const auto x = huge ? max : v.get<std::int64_t>();
    if (huge || x < min || x > max)
        throw ConfigError(fmt::format("{}: must be between {} and {}", where(key), min, max));
    return x;
}

int ObjectReader::clock(std::string_view key) {
    const std::string s = string(key);
    const auto seconds = time::parse_clock(s);
    if (!seconds)
        throw ConfigError(fmt::format("{}: must be a time of day like \"15:15\", not \"{}\"", where(key), s));
    return *seconds;
}

bool ObjectReader::boolean(std::string_view key) {
    const auto& v = need(key);
    if (!v.is_boolean()) throw ConfigError(fmt::format("{}: must be true or false", where(key)));
    return v.get<bool>();
}

std::string ObjectReader::string(std::string_view key) {
    const auto& v = need(key);
    if (!v.is_string()) throw ConfigError(fmt::format("{}: must be a string", where(key)));
    return v.get<std::string>();
}

std::string ObjectReader::choice(std::string_view key, std::initializer_list<std::string_view> allowed) {
    std::string s = string(key);
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
    std::string list;
    for (auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    throw ConfigError(fmt::format("{}: '{}' is not one of {}", where(key), s, list));
}

std::vector<std::string> ObjectReader::strings(std::string_view key) {
    const auto& v = need(key);
    if (!v.is_array()) throw ConfigError(fmt::format("{}: must be an array of strings", where(key)));
    std::vector<std::string> out;
    for (const auto& e : v) {
        if (!e.is_string()) throw ConfigError(fmt::format("{}: must be an array of strings", where(key)));
        out.push_back(e.get<std::string>());
    }
    return out;
}

ObjectReader ObjectReader::object(std::string_view key) {
    return ObjectReader(need(key), where(key));
}

std::vector<ObjectReader> ObjectReader::objects(std::string_view key) {
    const auto& v = need(key);
    if (!v.is_array()) throw ConfigError(fmt::format("{}: must be an array of objects", where(key)));
    std::vector<ObjectReader> out;
    for (std::size_t i = 0; i < v.size(); ++i)
        out.emplace_back(v[i], fmt::format("{}[{}]", where(key), i));
    return out;
}

void ObjectReader::finish() const {
    for (const auto& [k, v] : j_.items()) {
        if (k == "comment") continue;
        if (std::find(used_.begin(), used_.end(), k) == used_.end())
            throw ConfigError(fmt::format("{}: unknown setting", where(k)));
    }
}

}  // namespace sos::config
