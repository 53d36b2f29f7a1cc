#include <catch2/catch.hpp>

#include "feed/live/live_config.hpp"

using sos::feed::live::parse_instrument;

TEST_CASE("feed live: --symbols entries are EXCHANGE:SYMBOL") {
    auto i = parse_instrument("NSE_INDEX:NIFTY");
    REQUIRE(i);
    REQUIRE(i->exchange == "NSE_INDEX");
    REQUIRE(i->symbol == "NIFTY");
    REQUIRE(parse_instrument("NFO:NIFTY28NOV2424000CE")->symbol == "NIFTY28NOV2424000CE");
    for (const char* bad : {"NIFTY", ":NIFTY", "NSE:", "NSE:SBIN:X", ""})
        REQUIRE_FALSE(parse_instrument(bad));
}
