#include "brokers/broker_limits.hpp"

#include "config/json_config.hpp"
#include "ratelimit/window_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>
#include <vector>

namespace sos::brokers {

using config::ConfigError;

namespace {

constexpr std::string_view kAcknowledge = "registered_algo";
constexpr std::array<std::string_view, 4> kClasses = {"orders", "smart_orders", "api", "exchange_orders"};

// One limit string (compound or not), its message naming the field.
std::vector<ratelimit::Window> windows_of(const nlohmann::json& v, const std::string& where) {
    if (!v.is_string())
        throw ConfigError(
            fmt::format("{}: must be a limit like \"10 per second\" or \"10/s\", or a list of them", where));
    try {
        return ratelimit::parse_windows(v.get<std::string>());
    } catch (const ratelimit::LimitSpecError& e) {
        throw ConfigError(fmt::format("{}: {}", where, e.what()));
    }
}

// A class's value: a string, or a non-empty list of strings; every window of every one holds.
std::vector<ratelimit::Window> read_class(const nlohmann::json& v, const std::string& where) {
    if (!v.is_array()) return windows_of(v, where);
    if (v.empty())
        throw ConfigError(
            fmt::format("{}: an empty list limits nothing; give a window like \"10/s\", "
                        "or leave the class out for OpenAlgo's default",
                        where));
    std::vector<ratelimit::Window> all;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto some = windows_of(v[i], fmt::format("{}[{}]", where, i));
        all.insert(all.end(), some.begin(), some.end());
    }
    return all;
}

std::string class_list() {
    std::string out;
    for (auto c : kClasses)
        out += fmt::format("{}{}", out.empty() ? "" : ", ", c);
    return out;
}

void check_exchange_cap(const std::vector<ratelimit::Window>& windows, bool registered,
                        const std::string& where) {
    if (registered || most_in_a_second(windows) <= kRetailOrdersPerSecond) return;
    throw ConfigError(fmt::format(
        "{}: \"{}\" lets more than NSE's {} orders a second through for a retail algorithm; lower it, "
        "or, if this algorithm is registered with the exchange through your broker, say so with "
        "\"{}\": true",
        where, ratelimit::describe(windows), kRetailOrdersPerSecond, kAcknowledge));
}

}  // namespace

std::uint64_t most_in_a_second(const std::vector<ratelimit::Window>& windows) {
    using std::chrono::milliseconds;
    std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    for (const auto& w : windows) {
        // A window of a second or more lets its whole count through in one second (after a
        // quiet spell); a shorter one (only from code) once per period the second overlaps.
        const auto period = std::max<std::int64_t>(w.period.count(), 1);
        const auto spans = period >= 1000 ? 1 : (1000 + period - 1) / period;
        most = std::min<std::uint64_t>(most, std::uint64_t{w.limit} * static_cast<std::uint64_t>(spans));
    }
    return most;
}

ratelimit::BrokerLimits read_limits(const nlohmann::json& value, const std::string& where) {
    if (!value.is_object())
        throw ConfigError(
            fmt::format("{}: must be an object of endpoint classes ({}), like "
                        "{{\"orders\": [\"5/s\", \"100/min\"]}}",
                        where, class_list()));
    config::ObjectReader in(value, where);
    for (const auto& [key, v] : value.items()) {
        const bool known = key == "comment" || key == kAcknowledge ||
                           std::find(kClasses.begin(), kClasses.end(), key) != kClasses.end();
        if (!known)
            throw ConfigError(
                fmt::format("{}: not an endpoint class; the classes are {} (and \"{}\" "
                            "for a registered algorithm)",
                            in.where(key), class_list(), kAcknowledge));
    }
    ratelimit::BrokerLimits limits;
    const bool registered = in.has(kAcknowledge) && in.boolean(kAcknowledge);
    if (in.has("orders")) limits.orders = read_class(in.value("orders"), in.where("orders"));
    if (in.has("smart_orders"))
        limits.smart_orders = read_class(in.value("smart_orders"), in.where("smart_orders"));
    if (in.has("api")) limits.api = read_class(in.value("api"), in.where("api"));
    if (in.has("exchange_orders")) {
        limits.exchange_orders = read_class(in.value("exchange_orders"), in.where("exchange_orders"));
        check_exchange_cap(limits.exchange_orders, registered, in.where("exchange_orders"));
    }
    in.finish();
    return limits;
}

}  // namespace sos::brokers
