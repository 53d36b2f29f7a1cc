// The Secret type: the key is there for reveal() and nowhere else.
#include "brokers/secret.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

using sos::brokers::Secret;

namespace {

template <class T, class = void>
struct Streamable : std::false_type {};
template <class T>
struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <class T, class = void>
struct JsonSerialisable : std::false_type {};
template <class T>
struct JsonSerialisable<T, std::void_t<decltype(nlohmann::json(std::declval<const T&>()))>> : std::true_type {
};

}  // namespace

TEST_CASE("A secret cannot be printed, formatted, serialised or converted by accident") {
    STATIC_REQUIRE(!std::is_convertible_v<Secret, std::string>);
    STATIC_REQUIRE(!std::is_convertible_v<Secret, std::string_view>);
    STATIC_REQUIRE(!std::is_convertible_v<Secret, const char*>);
    STATIC_REQUIRE(!std::is_convertible_v<std::string, Secret>);  // made only on purpose
    STATIC_REQUIRE(!Streamable<Secret>::value);
    STATIC_REQUIRE(!fmt::is_formattable<Secret>::value);
    STATIC_REQUIRE(!JsonSerialisable<Secret>::value);
    STATIC_REQUIRE(Streamable<std::string>::value);  // the detectors do detect
    STATIC_REQUIRE(fmt::is_formattable<std::string>::value);
}

TEST_CASE("reveal gives the key, masked gives nothing of it") {
    const Secret s(std::string("DUMMY-KEY-3f9a"));
    CHECK(s.reveal() == "DUMMY-KEY-3f9a");
    CHECK(Secret::masked() == "***");
    CHECK(s.matches("DUMMY-KEY-3f9a"));
    CHECK_FALSE(s.matches("DUMMY-KEY-3f9b"));
    CHECK_FALSE(s.matches("DUMMY-KEY"));
    CHECK_FALSE(s.empty());
    CHECK(Secret().empty());
}

TEST_CASE("A moved-from secret holds nothing") {
    Secret a(std::string("DUMMY-KEY-3f9a"));
    Secret b(std::move(a));
    CHECK(b.reveal() == "DUMMY-KEY-3f9a");
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move): checking exactly that
    Secret c;
    c = std::move(b);
    CHECK(c.reveal() == "DUMMY-KEY-3f9a");
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move)
    Secret d;
    d = c;
    CHECK(d.reveal() == c.reveal());
}

TEST_CASE("mask_in hides every occurrence of the key in words from elsewhere") {
    const Secret s(std::string("DUMMY-KEY-3f9a"));
    std::string text = "403: Invalid apikey DUMMY-KEY-3f9a (sent DUMMY-KEY-3f9aDUMMY-KEY-3f9a)";
    s.mask_in(text);
    CHECK(text == "403: Invalid apikey *** (sent ******)");
    std::string other = "DUMMY-KEY-3f9 is not it";
    s.mask_in(other);
    CHECK(other == "DUMMY-KEY-3f9 is not it");
    std::string untouched = "anything";
    Secret().mask_in(untouched);  // an empty key masks nothing
    CHECK(untouched == "anything");
}
