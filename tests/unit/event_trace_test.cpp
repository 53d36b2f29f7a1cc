// The TRACE message (sos-match --explain): encoded in full, read back, and read leniently (a
// field of the wrong type is skipped, the line is kept).
#include <catch2/catch.hpp>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "event/kind.hpp"

using namespace sos::event;

TEST_CASE("TRACE is in the catalogue") {
    CHECK(kind_from_type("TRACE") == Kind::Trace);
    CHECK(type_name(Kind::Trace) == "TRACE");
    CHECK_FALSE(requires_timestamp(Kind::Trace));
    CHECK_FALSE(requires_symbol(Kind::Trace));
}

TEST_CASE("a TRACE encodes every field and decodes back") {
    Event e;
    e.env.kind = Kind::Trace;
    e.env.timestamp = sos::time::Timestamp::from_seconds(1704685560);
    e.env.symbol = "NIFTY";
    auto& t = e.body.emplace<Trace>();
    t.pattern_id = "BRF_SHORT";
    t.event = "PHASE";
    t.tf = sos::time::kOneMinute;
    t.candle_ts = sos::time::Timestamp::from_seconds(1704685500);
    t.from = 0;
    t.to = 1;
    t.phase = "SETUP";
    t.detail = "candle.range > atr * 1.2";
    t.values = {{"candle.range", 12.5}, {"atr", std::nullopt}};
    const std::string line = encode(e);
    CHECK(
        line ==
        "{\"type\":\"TRACE\",\"timestamp\":1704685560,\"symbol\":\"NIFTY\",\"pattern_id\":\"BRF_SHORT\","
        "\"event\":\"PHASE\",\"tf\":\"1m\",\"candle_ts\":1704685500,\"from\":0,\"to\":1,\"phase\":\"SETUP\","
        "\"detail\":\"candle.range > atr * 1.2\",\"values\":{\"candle.range\":12.5,\"atr\":null}}\n");
    Decoder d;
    EventList out;
    REQUIRE(d.decode(std::string_view(line).substr(0, line.size() - 1), out));
    REQUIRE(out.size() == 1);
    const Trace* back = out[0].as<Trace>();
    REQUIRE(back);
    CHECK(back->pattern_id == "BRF_SHORT");
    CHECK(back->from == 0);
    CHECK(back->to == 1);
    CHECK(back->values.size() == 2);
    CHECK(encode(out[0]) == line);
}

TEST_CASE("a TRACE is read leniently") {
    Decoder d;
    EventList out;
    REQUIRE(d.decode(R"({"type":"TRACE","pattern_id":7,"from":"x","values":{"a":"text","b":2},"extra":[1]})",
                     out));
    const Trace* t = out[0].as<Trace>();
    REQUIRE(t);
    CHECK(t->pattern_id.empty());
    CHECK_FALSE(t->from);
    REQUIRE(t->values.size() == 1);
    CHECK(t->values[0].first == "b");
    CHECK_FALSE(d.decode(R"({"type":"TRACE","values":{"a":)", out));  // still not JSON: refused
}
