// Routing rules: the ORDER's route, then the rules in the order written, then the default;
// refusals of the routes file name the file and the field.
#include "routing/routing.hpp"
#include "routing/routes_file.hpp"

#include "config/json_config.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace sos::routing;
using Catch::Matchers::Contains;
using sos::config::ConfigError;

namespace {

const KnownBrokers kBrokers{"brokers.json", {"kotak", "dhan", "zerodha"}};

Routing parse(const std::string& text) {
    return parse_routes_file(text, "routes.json", kBrokers);
}

std::string refusal(const std::string& text) {
    try {
        parse(text);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("accepted: " << text);
    return "";
}

std::string broker_of(const Routing& r, RouteQuery q) {
    return std::string(r.resolve(q).broker);
}

const char* kTomic = R"({
  "comment": "TOMIC's split: Kotak executes, BANKNIFTY goes to Dhan, TOMIC's options strategies to Zerodha",
  "routes": [
    {"symbol": "BANKNIFTY", "broker": "dhan"},
    {"strategy": ["TOMIC_*", "orb_breakout"], "broker": "zerodha"},
    {"symbol": "NIFTY", "strategy": "iron_condor", "broker": "dhan"}
  ],
  "default": "kotak"
})";

}  // namespace

TEST_CASE("rules are tried in the order written; the first match decides, then the default") {
    const Routing r = parse(kTomic);
    REQUIRE(r.rules().size() == 3);
    // By symbol: the traded symbol, or its underlying (an option's, a future's).
    CHECK(broker_of(r, {.symbol = "BANKNIFTY"}) == "dhan");
    CHECK(broker_of(r, {.symbol = "BANKNIFTY28NOV2451000PE", .strategy = "TOMIC_SNIPER"}) == "dhan");
    CHECK(broker_of(r, {.symbol = "BANKNIFTY28NOV24FUT"}) == "dhan");
    // A structure has no symbol of its own: its underlying decides.
    CHECK(broker_of(r, {.underlying = "BANKNIFTY", .strategy = "iron_condor"}) == "dhan");
    // sos-exec gives an ORDER without `underlying` its own symbol as underlying: an option so
    // traded is still its index's.
    CHECK(broker_of(r, {.symbol = "BANKNIFTY28NOV2451000PE", .underlying = "BANKNIFTY28NOV2451000PE"}) ==
          "dhan");
    // By strategy, a prefix or a name.
    CHECK(broker_of(r, {.symbol = "NIFTY28NOV2424000CE", .strategy = "TOMIC_IRON_CONDOR"}) == "zerodha");
    CHECK(broker_of(r, {.symbol = "SBIN", .strategy = "orb_breakout"}) == "zerodha");
    // Both conditions of a rule must hold.
    CHECK(broker_of(r, {.symbol = "NIFTY28NOV2424000CE", .strategy = "iron_condor"}) == "dhan");
    CHECK(broker_of(r, {.symbol = "NIFTY28NOV2424000CE", .strategy = "vwap"}) == "kotak");
    CHECK(broker_of(r, {.symbol = "RELIANCE", .strategy = "iron_condor"}) == "kotak");
    // Names are compared exactly: a strategy is not a prefix unless written with '*'.
    CHECK(broker_of(r, {.symbol = "SBIN", .strategy = "orb_breakout_v2"}) == "kotak");
    CHECK(broker_of(r, {.symbol = "SBIN", .strategy = "tomic_x"}) == "kotak");

    const auto d = r.resolve({.symbol = "SBIN", .strategy = "TOMIC_X"});
    CHECK(d.basis == RouteBasis::Rule);
    CHECK(d.rule == 1);
    CHECK(r.describe(d) == "routes[1] (strategy TOMIC_*,orb_breakout)");
    CHECK(r.describe(r.resolve({.symbol = "SBIN"})) == "the default");
    CHECK(r.brokers_used() == std::vector<std::string>{"dhan", "zerodha", "kotak"});
}

TEST_CASE("an ORDER naming its route goes there, before any rule; an unknown route is refused") {
    const Routing r = parse(kTomic);
    const auto d = r.resolve({.route = "zerodha", .symbol = "BANKNIFTY"});
    CHECK(d.basis == RouteBasis::OrderRoute);
    CHECK(d.broker == "zerodha");
    CHECK(r.describe(d) == "the ORDER's route");
    const auto bad = r.resolve({.route = "upstox", .symbol = "BANKNIFTY"});
    CHECK_FALSE(bad.routed());
    CHECK(bad.broker.empty());
    CHECK_THAT(bad.detail, Contains("the ORDER's route 'upstox' is not a broker of the brokers file"));
}

TEST_CASE("without a default, an order no rule takes is refused, never guessed") {
    const Routing r = parse(R"({"routes": [{"symbol": "NIFTY", "broker": "kotak"}]})");
    CHECK(broker_of(r, {.symbol = "NIFTY28NOV2424000CE"}) == "kotak");
    const auto d = r.resolve({.symbol = "SBIN", .strategy = "orb"});
    CHECK_FALSE(d.routed());
    CHECK(d.basis == RouteBasis::None);
    CHECK(d.detail == "no routing rule matches symbol 'SBIN' strategy 'orb', and there is no default");
    CHECK(kNoRouteReason == "NO_ROUTE");
}

TEST_CASE("one broker and no routes file: everything to it, unless an ORDER names another") {
    const Routing r = Routing::single("kotak", {"kotak", "dhan"});
    CHECK(broker_of(r, {.symbol = "NIFTY", .strategy = "x"}) == "kotak");
    CHECK(r.resolve({.symbol = "NIFTY"}).basis == RouteBasis::Default);
    CHECK(broker_of(r, {.route = "dhan", .symbol = "NIFTY"}) == "dhan");
    CHECK(r.brokers_used() == std::vector<std::string>{"kotak"});
    CHECK(parse(R"({"default": "dhan"})").rules().empty());
}

TEST_CASE("a routes file is refused naming the file and the field") {
    CHECK(refusal(R"({"routes": [{"symbol": "NIFTY", "broker": "kotakk"}]})") ==
          "routes.json: routes[0].broker: no broker 'kotakk' in brokers.json (it has kotak, dhan, zerodha)");
    CHECK(refusal(R"({"default": "upstox"})") ==
          "routes.json: default: no broker 'upstox' in brokers.json (it has kotak, dhan, zerodha)");
    CHECK(refusal(R"({"routes": [{"symbol": "NIFTY", "broker": "kotak"}, {"broker": "dhan"}]})") ==
          "routes.json: routes[1]: give \"symbol\", \"strategy\" or both (a rule for every order is the "
          "\"default\")");
    CHECK(refusal(R"({"routes": [{"symbol": "NIFTY", "brokr": "kotak"}]})") ==
          "routes.json: routes[0].broker: missing");
    CHECK_THAT(refusal(R"({"routes": [{"symbol": "NIFTY", "broker": "kotak", "side": "BUY"}]})"),
               Contains("routes.json: routes[0]") && Contains("side"));
    CHECK(refusal(R"({"routes": [{"symbol": "", "broker": "kotak"}]})") ==
          "routes.json: routes[0].symbol: '' names nothing (a rule for every order is the \"default\")");
    CHECK(refusal(R"({"routes": [{"strategy": "*", "broker": "kotak"}]})") ==
          "routes.json: routes[0].strategy: '*' names nothing (a rule for every order is the \"default\")");
    CHECK(refusal(R"({"routes": [{"strategy": "a*b", "broker": "kotak"}]})") ==
          "routes.json: routes[0].strategy: 'a*b': '*' may only end a name (a prefix)");
    CHECK(refusal(R"({"routes": [{"symbol": [], "broker": "kotak"}]})") ==
          "routes.json: routes[0].symbol: must be a name or a non-empty list of names");
    CHECK(refusal(R"({"routes": [{"symbol": ["NIFTY", 3], "broker": "kotak"}]})") ==
          "routes.json: routes[0].symbol: must be a name or a list of names");
    CHECK(refusal(R"({"routes": {"symbol": "NIFTY"}})") ==
          "routes.json: routes: must be an array of objects");
    CHECK(refusal(R"({"comment": "nothing"})") ==
          "routes.json: (top level): give \"routes\", \"default\" or both");
    CHECK_THAT(refusal(R"({"default": "kotak", "defualt": "dhan"})"), Contains("defualt"));
    CHECK_THAT(refusal(R"({"default": "kotak", "default": "dhan"})"),
               Contains("routes.json: ") && Contains("given twice"));
    // Cut short: the reader places the error at the last character it read (line 1, column 21).
    CHECK_THAT(refusal("{\"default\": \"kotak\",\n"),
               Contains("routes.json: not valid JSON: ") && Contains("line 1, column 21"));
}

TEST_CASE("the routes object read as a section of a larger file names its place") {
    const nlohmann::json doc =
        nlohmann::json::parse(R"({"routing": {"routes": [{"symbol": "X", "broker": "no"}]}})");
    try {
        parse_routing_section(doc.at("routing"), "routing", kBrokers);
        FAIL("accepted");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Contains("routing.routes[0].broker: no broker 'no'"));
    }
}

TEST_CASE("a routes file is read from disk; a missing one is named") {
    const auto dir = std::filesystem::temp_directory_path() / "sos-routing-test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "routes.json").string();
    std::ofstream(path) << kTomic;
    CHECK(load_routes_file(path, kBrokers).default_broker() == "kotak");
    CHECK_THROWS_WITH(load_routes_file(path + ".missing", kBrokers),
                      Contains(path + ".missing: cannot open"));
    std::filesystem::remove_all(dir);
}
