#include "brokers/brokers_file.hpp"

#include "brokers/broker_limits.hpp"
#include "config/json_config.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sos::brokers {

using config::ConfigError;
using config::ObjectReader;

namespace {

// Only where the parser stopped: nlohmann's message quotes the text it last read, which
// could be a key pasted into the wrong place.
nlohmann::json parse_json(std::string_view text, const std::string& path) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw ConfigError(fmt::format("{}: not valid JSON at line {}, column {}", path, line, column));
    }
}

bool lower_letter(char c) {
    return c >= 'a' && c <= 'z';
}
bool digit(char c) {
    return c >= '0' && c <= '9';
}
bool letter(char c) {
    return lower_letter(c) || (c >= 'A' && c <= 'Z');
}
bool url_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The scheme of "scheme://host[/path]" with no credentials, query, fragment or spaces;
// empty when the URL has another shape. Checked by hand: GCC 12's std::regex trips its own
// -Wmaybe-uninitialized at -O2, and the shape is simple.
std::string_view url_scheme(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) return {};
    const auto scheme = url.substr(0, sep);
    for (char c : scheme)
        if (!lower_letter(c)) return {};
    const auto rest = url.substr(sep + 3);
    for (char c : rest)
        if (c == '?' || c == '#' || c == '@' || url_space(c)) return {};
    if (rest.empty() || rest.front() == '/') return {};
    return scheme;
}

void check_url(const std::string& url, const std::string& where,
               std::initializer_list<std::string_view> schemes) {
    const auto scheme = url_scheme(url);
    bool scheme_ok = false;
    for (auto s : schemes)
        scheme_ok = scheme_ok || (!scheme.empty() && scheme == s);
    if (!scheme_ok)
        throw ConfigError(
            fmt::format("{}: must be a URL like {}://127.0.0.1:{}, without credentials or a query", where,
                        *schemes.begin(), *schemes.begin() == "http" ? 5000 : 8765));
}

// A variable's name, not a value: a long run of letters and digits is more likely a key
// pasted where its variable's name belongs, and is not repeated back.
std::string env_name(ObjectReader& in) {
    const std::string name = in.string("api_key_env");
    bool shape_ok = !name.empty() && name.size() < 32 && !digit(name.front());
    for (char c : name)
        shape_ok = shape_ok && (letter(c) || digit(c) || c == '_');
    if (!shape_ok)
        throw ConfigError(
            fmt::format("{}: must be the name of an environment variable (like SOS_KEY_ZERODHA); "
                        "this does not look like one, so it is not shown",
                        in.where("api_key_env")));
    return name;
}

std::string expand_home(const std::string& path, const std::string& where) {
    if (path.empty()) throw ConfigError(fmt::format("{}: must not be empty", where));
    if (path[0] != '~') return path;
    if (path.size() > 1 && path[1] != '/')
        throw ConfigError(fmt::format("{}: only ~/ (your own home) is expanded, not {}", where, path));
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0')
        throw ConfigError(fmt::format("{}: {} starts with ~ but HOME is not set", where, path));
    return std::string(home) + path.substr(1);
}

BrokerEntry read_entry(const std::string& name, const nlohmann::json& value) {
    bool shape_ok = !name.empty() && name.size() <= 32 && name.front() != '_' && name.front() != '-';
    for (char c : name)
        shape_ok = shape_ok && (lower_letter(c) || digit(c) || c == '_' || c == '-');
    if (!shape_ok)
        throw ConfigError(
            fmt::format("brokers.{}: a broker's name is lower-case letters, digits, - and _", name));
    ObjectReader in(value, "brokers." + name);
    BrokerEntry e;
    e.name = name;
    e.rest = in.string("rest");
    check_url(e.rest, in.where("rest"), {"http", "https"});
    e.ws = in.string("ws");
    check_url(e.ws, in.where("ws"), {"ws", "wss"});
    const bool env = in.has("api_key_env"), file = in.has("api_key_file");
    if (env == file)
        throw ConfigError(fmt::format("brokers.{}: give exactly one of api_key_env and api_key_file ({})",
                                      name, env ? "both are given" : "neither is given"));
    if (env) {
        e.key_source = KeySource::Env;
        e.key_location = env_name(in);
    } else {
        e.key_source = KeySource::File;
        e.key_location = expand_home(in.string("api_key_file"), in.where("api_key_file"));
    }
    if (in.has("live")) e.live = in.boolean("live");
    if (in.has("limits")) e.limits = read_limits(in.value("limits"), in.where("limits"));
    in.finish();
    return e;
}

}  // namespace

const BrokerEntry& BrokersFile::find(std::string_view name) const {
    std::string names;
    for (const auto& e : entries) {
        if (e.name == name) return e;
        names += (names.empty() ? "" : ", ") + e.name;
    }
    throw ConfigError(fmt::format("{}: no broker named '{}' (the file has {})", path, name, names));
}

std::string brokers_path(const std::string& option) {
    if (!option.empty()) return option;
    const char* env = std::getenv("SOS_BROKERS");
    if (env != nullptr && *env != '\0') return env;
    throw ConfigError("no brokers file: give --brokers FILE or set SOS_BROKERS (see examples/brokers.json)");
}

BrokersFile parse_brokers_file(std::string_view text, const std::string& path) {
    const nlohmann::json doc = parse_json(text, path);
    return config::naming_file(path, [&] {
        ObjectReader top(doc, "");
        const nlohmann::json& brokers = top.value("brokers");
        if (!brokers.is_object() || brokers.empty())
            throw ConfigError("brokers: must be an object with one entry per OpenAlgo instance");
        top.finish();
        BrokersFile file;
        file.path = path;
        for (const auto& [name, value] : brokers.items()) {
            if (name == "comment") continue;
            file.entries.push_back(read_entry(name, value));
        }
        return file;
    });
}

BrokersFile load_brokers_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot open the brokers file", path));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_brokers_file(text.str(), path);
}

}  // namespace sos::brokers
