#include "routing/routing.hpp"

#include "instrument/symbology.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sos::routing {

NameSet::NameSet(std::vector<std::string> names) : names_(std::move(names)) {}

bool NameSet::matches(std::string_view name) const {
    if (name.empty()) return false;
    for (const auto& n : names_) {
        const std::string_view pattern = n;
        if (pattern.ends_with('*') ? name.starts_with(pattern.substr(0, pattern.size() - 1))
                                   : name == pattern)
            return true;
    }
    return false;
}

Routing::Routing(std::vector<Rule> rules, std::string default_broker, std::vector<std::string> known_brokers)
    : rules_(std::move(rules)), default_(std::move(default_broker)), known_(std::move(known_brokers)) {}

Routing Routing::single(std::string broker, std::vector<std::string> known_brokers) {
    return Routing({}, std::move(broker), std::move(known_brokers));
}

bool Routing::known(std::string_view broker) const {
    return std::find(known_.begin(), known_.end(), broker) != known_.end();
}

namespace {

// The traded symbol, the ORDER's underlying, and the symbol's own underlying by the symbology:
// an ORDER may name itself as its underlying (sos-exec gives one without `underlying` its
// symbol), and its option is still its index's.
bool symbol_matches(const NameSet& symbols, const RouteQuery& q) {
    if (symbols.empty()) return true;
    return symbols.matches(q.symbol) || symbols.matches(q.underlying) ||
           symbols.matches(instrument::underlying_of(q.symbol));
}

}  // namespace

RouteDecision Routing::resolve(const RouteQuery& q) const {
    RouteDecision d;
    if (!q.route.empty()) {
        const auto it = std::find(known_.begin(), known_.end(), q.route);
        if (it != known_.end()) {
            d.basis = RouteBasis::OrderRoute;
            d.broker = *it;
        } else {
            d.detail = fmt::format("the ORDER's route '{}' is not a broker of the brokers file", q.route);
        }
        return d;
    }
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const Rule& r = rules_[i];
        if (!symbol_matches(r.symbols, q)) continue;
        if (!r.strategies.empty() && !r.strategies.matches(q.strategy)) continue;
        d.basis = RouteBasis::Rule;
        d.broker = r.broker;
        d.rule = static_cast<int>(i);
        return d;
    }
    if (!default_.empty()) {
        d.basis = RouteBasis::Default;
        d.broker = default_;
        return d;
    }
    d.detail = fmt::format("no routing rule matches symbol '{}' strategy '{}', and there is no default",
                           q.symbol.empty() ? q.underlying : q.symbol, q.strategy);
    return d;
}

std::vector<std::string> Routing::brokers_used() const {
    std::vector<std::string> out;
    auto add = [&](const std::string& b) {
        if (!b.empty() && std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
    };
    for (const auto& r : rules_)
        add(r.broker);
    add(default_);
    return out;
}

std::string Routing::describe(const RouteDecision& d) const {
    switch (d.basis) {
        case RouteBasis::OrderRoute:
            return "the ORDER's route";
        case RouteBasis::Default:
            return "the default";
        case RouteBasis::None:
            return "no route";
        case RouteBasis::Rule:
            break;
    }
    const Rule& r = rules_.at(static_cast<std::size_t>(d.rule));
    std::string what;
    if (!r.symbols.empty()) what = fmt::format("symbol {}", fmt::join(r.symbols.names(), ","));
    if (!r.strategies.empty())
        what += fmt::format("{}strategy {}", what.empty() ? "" : ", ", fmt::join(r.strategies.names(), ","));
    return fmt::format("routes[{}] ({})", d.rule, what);
}

}  // namespace sos::routing
