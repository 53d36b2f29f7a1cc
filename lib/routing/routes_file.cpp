#include "routing/routes_file.hpp"

#include "config/json_config.hpp"
#include "config/json_document.hpp"
#include "files/whole_file.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sos::routing {

using config::ConfigError;
using config::ObjectReader;

namespace {

std::string broker_name(ObjectReader& in, std::string_view key, const KnownBrokers& brokers) {
    std::string name = in.string(key);
    const auto& names = brokers.names;
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw ConfigError(fmt::format("{}: no broker '{}' in {} (it has {})", in.where(key), name,
                                      brokers.path, fmt::join(names, ", ")));
    return name;
}

// A name, or a non-empty list of names; none empty, none with a '*' anywhere but at its end.
NameSet names(ObjectReader& in, std::string_view key) {
    const nlohmann::json& v = in.value(key);
    const std::string where = in.where(key);
    std::vector<std::string> out;
    if (v.is_string()) {
        out.push_back(v.get<std::string>());
    } else if (v.is_array() && !v.empty()) {
        for (const auto& e : v) {
            if (!e.is_string())
                throw ConfigError(fmt::format("{}: must be a name or a list of names", where));
            out.push_back(e.get<std::string>());
        }
    } else {
        throw ConfigError(fmt::format("{}: must be a name or a non-empty list of names", where));
    }
    for (const auto& n : out) {
        const auto star = n.find('*');
        if (n.empty() || n == "*")
            throw ConfigError(
                fmt::format("{}: '{}' names nothing (a rule for every order is the \"default\")", where, n));
        if (star != std::string::npos && star + 1 != n.size())
            throw ConfigError(fmt::format("{}: '{}': '*' may only end a name (a prefix)", where, n));
    }
    return NameSet(std::move(out));
}

// `where` is the rule's own place ("routes[2]").
Rule read_rule(ObjectReader& in, const std::string& where, const KnownBrokers& brokers) {
    Rule r;
    if (in.has("symbol")) r.symbols = names(in, "symbol");
    if (in.has("strategy")) r.strategies = names(in, "strategy");
    r.broker = broker_name(in, "broker", brokers);
    in.finish();
    if (r.symbols.empty() && r.strategies.empty())
        throw ConfigError(fmt::format(
            "{}: give \"symbol\", \"strategy\" or both (a rule for every order is the \"default\")", where));
    return r;
}

}  // namespace

Routing parse_routing_section(const nlohmann::json& section, const std::string& where,
                              const KnownBrokers& brokers) {
    ObjectReader top(section, where);
    if (!top.has("routes") && !top.has("default"))
        throw ConfigError(fmt::format("{}: give \"routes\", \"default\" or both",
                                      where.empty() ? std::string("(top level)") : where));
    std::vector<Rule> rules;
    if (top.has("routes")) {
        auto readers = top.objects("routes");
        for (std::size_t i = 0; i < readers.size(); ++i)
            rules.push_back(read_rule(readers[i], fmt::format("{}[{}]", top.where("routes"), i), brokers));
    }
    std::string fallback;
    if (top.has("default")) fallback = broker_name(top, "default", brokers);
    top.finish();
    return Routing(std::move(rules), std::move(fallback), brokers.names);
}

Routing parse_routes_file(std::string_view text, const std::string& path, const KnownBrokers& brokers) {
    const auto doc = config::parse_document<nlohmann::json>(text);
    if (!doc.ok()) throw ConfigError(fmt::format("{}: {}", path, doc.problems.front()));
    return config::naming_file(path, [&] { return parse_routing_section(doc.value, "", brokers); });
}

Routing load_routes_file(const std::string& path, const KnownBrokers& brokers) {
    const files::WholeFile file = files::read_whole(path, files::kDocumentLimit);
    if (!file.ok()) throw ConfigError(fmt::format("{}: {}", path, file.error));
    return parse_routes_file(file.text, path, brokers);
}

}  // namespace sos::routing
