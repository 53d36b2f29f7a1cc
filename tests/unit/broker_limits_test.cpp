// The brokers file's "limits": an instance's request budgets per endpoint class, with several
// windows each, checked strictly (every refusal names the file, the entry and the field), and
// NSE's 10 orders a second for a retail algorithm kept unless the entry says it is registered.
#include "brokers/broker_limits.hpp"
#include "brokers/brokers_file.hpp"
#include "config/json_config.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

using namespace sos::brokers;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using sos::config::ConfigError;
using sos::ratelimit::Window;
using Windows = std::vector<Window>;

namespace {

// The kotak entry of a brokers file, with `limits` as its "limits" value.
BrokerEntry kotak(const std::string& limits) {
    const auto f = parse_brokers_file(
        R"({"brokers": {"kotak": {"rest": "http://127.0.0.1:5001", "ws": "ws://127.0.0.1:8765",
            "api_key_env": "SOS_KEY_KOTAK", "limits": )" +
            limits + "}}}",
        "brokers.json");
    return f.entries.at(0);
}

std::string refusal(const std::string& limits) {
    try {
        kotak(limits);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError for " << limits);
    return "";
}

}  // namespace

TEST_CASE("no limits: OpenAlgo's defaults and NSE's cap") {
    const auto f = parse_brokers_file(
        R"({"brokers": {"k": {"rest": "http://127.0.0.1:5001", "ws": "ws://127.0.0.1:8765", "api_key_env": "K"}}})",
        "b.json");
    const auto& l = f.entries.at(0).limits;
    CHECK(l.orders == Windows{{10, 1s}});
    CHECK(l.smart_orders == Windows{{10, 1s}});
    CHECK(l.api == Windows{{50, 1s}});
    CHECK(l.exchange_orders == Windows{{10, 1s}});
    CHECK(kotak("{}").limits.api == Windows{{50, 1s}});
}

TEST_CASE("each class given is set with all its windows; the others keep their defaults") {
    const auto l = kotak(R"({"orders": ["5/s", "100/min"], "api": ["20/s"], "comment": "Fyers"})").limits;
    CHECK(l.orders == Windows{{5, 1s}, {100, 60s}});
    CHECK(l.api == Windows{{20, 1s}});
    CHECK(l.smart_orders == Windows{{10, 1s}});
    CHECK(l.exchange_orders == Windows{{10, 1s}});
    // OpenAlgo's .env value pasted as it is: one string, windows joined by ';'.
    const auto pasted =
        kotak(R"({"orders": "10 per second;40 per minute", "smart_orders": "2 per second"})").limits;
    CHECK(pasted.orders == Windows{{10, 1s}, {40, 60s}});
    CHECK(pasted.smart_orders == Windows{{2, 1s}});
    // A list's items may be compound too: every window of every one holds.
    CHECK(kotak(R"({"api": ["50/s;1000/hour", "200/min"]})").limits.api ==
          Windows{{50, 1s}, {1000, 3600s}, {200, 60s}});
    // A higher orders budget than OpenAlgo's default is the instance's own business: the
    // exchange cap still holds every order request (ratelimit::BrokerLimiter).
    CHECK(kotak(R"({"orders": "25/s"})").limits.orders == Windows{{25, 1s}});
}

TEST_CASE("NSE's 10 orders a second: lowered freely, raised only for a registered algorithm") {
    CHECK(kotak(R"({"exchange_orders": "5/s"})").limits.exchange_orders == Windows{{5, 1s}});
    CHECK(kotak(R"({"exchange_orders": ["10/s", "200/min"]})").limits.exchange_orders ==
          Windows{{10, 1s}, {200, 60s}});
    // A wider window above 10 is fine while a one-second one holds it to 10.
    CHECK(kotak(R"({"exchange_orders": ["20/s", "10/s"]})").limits.exchange_orders ==
          Windows{{20, 1s}, {10, 1s}});
    CHECK_THAT(refusal(R"({"exchange_orders": "20/s"})"),
               Contains("brokers.json: brokers.kotak.limits.exchange_orders: \"20 per second\" lets more "
                        "than NSE's 10 orders a second through for a retail algorithm; lower it, or, if "
                        "this algorithm is registered with the exchange through your broker, say so with "
                        "\"registered_algo\": true"));
    // 15 in two seconds can all go in one of them.
    CHECK_THAT(refusal(R"({"exchange_orders": "15 per 2 seconds"})"),
               Contains("\"15 per 2 seconds\" lets more"));
    CHECK(kotak(R"({"exchange_orders": "20/s", "registered_algo": true})").limits.exchange_orders ==
          Windows{{20, 1s}});
    CHECK_THAT(refusal(R"({"exchange_orders": "20/s", "registered_algo": false})"), Contains("lets more"));
    CHECK_THAT(refusal(R"({"exchange_orders": "20/s", "registered_algo": "yes"})"),
               Contains("brokers.kotak.limits.registered_algo: must be true or false"));
}

TEST_CASE("what cannot be read is refused, naming the file, the entry and the field") {
    CHECK_THAT(refusal(R"({"other": ["50/s"]})"),
               Contains("brokers.json: brokers.kotak.limits.other: not an endpoint class; the classes are "
                        "orders, smart_orders, api, exchange_orders"));
    CHECK_THAT(refusal(R"({"orders": ["10/s", "10 per fortnight"]})"),
               Contains("brokers.json: brokers.kotak.limits.orders[1]: rate limit \"10 per fortnight\": "
                        "\"10 per fortnight\" has no unit"));
    CHECK_THAT(
        refusal(R"({"orders": "0/s"})"),
        Contains("brokers.json: brokers.kotak.limits.orders: rate limit \"0/s\": \"0/s\" allows nothing"));
    CHECK_THAT(
        refusal(R"({"api": ["-5/s"]})"),
        Contains("brokers.kotak.limits.api[0]: rate limit \"-5/s\": \"-5/s\" does not start with a count"));
    CHECK_THAT(refusal(R"({"api": "10"})"), Contains("brokers.kotak.limits.api: rate limit \"10\""));
    CHECK_THAT(refusal(R"({"api": ""})"),
               Contains("brokers.kotak.limits.api: rate limit \"\": an empty limit"));
    CHECK_THAT(refusal(R"({"orders": 10})"),
               Contains("brokers.kotak.limits.orders: must be a limit like \"10 per second\" or \"10/s\""));
    CHECK_THAT(refusal(R"({"orders": [10]})"), Contains("brokers.kotak.limits.orders[0]: must be a limit"));
    CHECK_THAT(refusal(R"({"orders": []})"),
               Contains("brokers.kotak.limits.orders: an empty list limits nothing"));
    CHECK_THAT(refusal(R"({"orders": "10 per month"})"), Contains("brokers.kotak.limits.orders: "));
    CHECK_THAT(refusal(R"({"orders": "10 per 2 days"})"), Contains("period longer than a day"));
    CHECK_THAT(refusal(R"(["10/s"])"),
               Contains("brokers.json: brokers.kotak.limits: must be an object of endpoint classes"));
    CHECK_THAT(refusal(R"("10/s")"), Contains("brokers.kotak.limits: must be an object"));
}

TEST_CASE("the most a set of windows lets through in one second") {
    CHECK(most_in_a_second({{10, 1s}}) == 10);
    CHECK(most_in_a_second({{10, 1s}, {5, 60s}}) == 5);
    CHECK(most_in_a_second({{40, 60s}, {12, 1s}}) == 12);
    CHECK(most_in_a_second({{3, 300ms}}) == 12);  // four spans of 300 ms meet one second
    CHECK(most_in_a_second({}) == std::numeric_limits<std::uint64_t>::max());
}
