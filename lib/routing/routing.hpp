// Which broker instance an order goes to. In order, the first that applies decides:
//   1. the ORDER's own `route` field, when it has one (the producer chose; it must name a
//      broker of the brokers file, or the order is refused);
//   2. the rules, in the order written: the first whose every condition matches;
//   3. the default;
//   4. nothing: the order is refused (NO_ROUTE), never sent to a broker by guess.
// A rule's condition on symbols matches an order whose traded symbol, or its underlying (an
// option's or a future's, by the one symbology), is one of its names; a condition on
// strategies matches the ORDER's strategy. A name ending in '*' matches every name starting
// with what comes before it ("TOMIC_*"). Names are compared exactly, case included, as the
// contract writes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sos::routing {

// Names a rule matches: exact names and prefixes (written with a final '*').
class NameSet {
public:
    NameSet() = default;
    explicit NameSet(std::vector<std::string> names);
    bool empty() const { return names_.empty(); }
    bool matches(std::string_view name) const;
    const std::vector<std::string>& names() const { return names_; }

private:
    std::vector<std::string> names_;  // as written, '*' included
};

struct Rule {
    NameSet symbols;     // empty: any symbol
    NameSet strategies;  // empty: any strategy (a rule has at least one of the two)
    std::string broker;
};

// What is known of an order when it is routed (from the ORDER line and its envelope).
struct RouteQuery {
    std::string_view route;       // the ORDER's `route`, empty when absent
    std::string_view symbol;      // the traded instrument; empty for a structure
    std::string_view underlying;  // the ORDER's `underlying` (the symbol's own is derived too)
    std::string_view strategy;
};

enum class RouteBasis : std::uint8_t { OrderRoute, Rule, Default, None };

struct RouteDecision {
    RouteBasis basis = RouteBasis::None;
    std::string_view broker;  // empty when basis is None; a view into the Routing
    int rule = -1;            // index into rules() when basis is Rule
    std::string detail;       // when None: why, for a REJECT's detail

    bool routed() const { return basis != RouteBasis::None; }
};

class Routing {
public:
    // No rules and no default: only ORDERs naming their route are routed.
    Routing() = default;
    Routing(std::vector<Rule> rules, std::string default_broker, std::vector<std::string> known_brokers);

    // Everything to one broker (no routes file: the executor's own --broker), except ORDERs
    // whose route names another of `known_brokers`.
    static Routing single(std::string broker, std::vector<std::string> known_brokers);

    RouteDecision resolve(const RouteQuery& q) const;

    const std::vector<Rule>& rules() const { return rules_; }
    const std::string& default_broker() const { return default_; }
    // Every broker a rule or the default names, each once, in the order first named: the
    // instances an executor of this routing must hold the locks and keys of.
    std::vector<std::string> brokers_used() const;

    // "rule 2 (strategy ORB*)", "the ORDER's route", "the default": for messages and ALERTs.
    std::string describe(const RouteDecision& d) const;

private:
    bool known(std::string_view broker) const;

    std::vector<Rule> rules_;
    std::string default_;
    std::vector<std::string> known_;  // the brokers file's names (an ORDER's route is checked against them)
};

// The REJECT reason code for an order no broker takes.
inline constexpr std::string_view kNoRouteReason = "NO_ROUTE";

}  // namespace sos::routing
