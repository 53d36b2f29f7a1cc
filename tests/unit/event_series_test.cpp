#include <catch2/catch.hpp>

#include <string>

#include "event/decoder.hpp"
#include "event/series_index.hpp"

using namespace sos::event;

TEST_CASE("series are numbered as first seen, by symbol, timeframe and history apart") {
    SeriesIndex ids;
    REQUIRE(ids.of("A", 60, false) == 0);
    REQUIRE(ids.of("A", 300, false) == 1);
    REQUIRE(ids.of("A", 60, true) == 2);
    REQUIRE(ids.of("B", 60, false) == 3);
    REQUIRE(ids.of("A", 0, false) == 4);  // ticks
    REQUIRE(ids.of("A", 60, false) == 0);
    REQUIRE(ids.of("B", 60, false) == 3);
    REQUIRE(ids.of("", 60, false) == 5);
    REQUIRE(ids.size() == 6);
    ids.clear();
    REQUIRE(ids.of("B", 60, false) == 0);
}

TEST_CASE("a series is found from its event: a candle by its timeframe, a tick as timeframe 0") {
    Decoder d;
    EventList out;
    SeriesIndex ids;
    REQUIRE(d.decode(
        R"({"type":"CANDLE","timestamp":1,"symbol":"NIFTY","tf":"5m","o":1,"h":1,"l":1,"c":1,"v":1})", out));
    REQUIRE(ids.of(out[0]) == ids.of("NIFTY", 300, false));
    REQUIRE(d.decode(R"({"type":"TICK","timestamp":1,"symbol":"NIFTY","ltp":1,"hist":true})", out));
    REQUIRE(ids.of(out[0]) == ids.of("NIFTY", 0, true));
    REQUIRE(ids.size() == 2);
}

TEST_CASE("many series keep their numbers as the index grows") {
    SeriesIndex ids;
    // Option symbols that differ only near their end, long enough to leave short strings.
    auto name = [](int i) { return "NIFTY28NOV24" + std::to_string(20000 + 50 * i) + (i % 2 ? "CE" : "PE"); };
    for (int i = 0; i < 5000; ++i)
        REQUIRE(ids.of(name(i), 0, false) == i);
    for (int i = 0; i < 5000; ++i) {
        REQUIRE(ids.of(name(i), 0, false) == i);
        REQUIRE(ids.of(name(i), 0, true) == 5000 + i);
    }
    REQUIRE(ids.size() == 10000);
}
