#include <catch2/catch.hpp>

#include "event/decoder.hpp"
#include "event/order_guard.hpp"
#include "event/validate.hpp"

using namespace sos::event;

namespace {
std::string why(std::string_view line) {
    static Decoder d;
    EventList out;
    return d.decode(line, out) ? "" : d.error().message();
}
std::string candle(double o, double h, double l, double c, double v) {
    return "{\"type\":\"CANDLE\",\"timestamp\":1704685500,\"symbol\":\"A\",\"tf\":\"1m\",\"o\":" +
           std::to_string(o) + ",\"h\":" + std::to_string(h) + ",\"l\":" + std::to_string(l) +
           ",\"c\":" + std::to_string(c) + ",\"v\":" + std::to_string(v) + "}";
}
}  // namespace

TEST_CASE("candle consistency: h at least l and o and c between l and h and volume not negative") {
    REQUIRE(why(candle(100, 105, 99, 104, 200)).empty());
    REQUIRE(why(candle(100, 98, 99, 99, 200)) == "CANDLE: h < l");
    REQUIRE(why(candle(106, 105, 99, 104, 200)) == "CANDLE: o outside [l, h]");
    REQUIRE(why(candle(100, 105, 99, 98, 200)) == "CANDLE: c outside [l, h]");
    REQUIRE(why(candle(100, 105, 99, 104, -1)) == "CANDLE: field 'v': negative volume");
    REQUIRE(why(candle(100, 100, 100, 100, 0)).empty());  // a flat bar is fine
}

TEST_CASE("tick and chain and breadth and sentiment ranges") {
    REQUIRE(why(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":0})") ==
            "TICK: field 'ltp': must be positive");
    REQUIRE(why(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":1,"volume":-3})") ==
            "TICK: field 'volume': must not be negative");
    REQUIRE(
        why(R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":-1,"strikes":[]})") ==
        "OPTION_CHAIN: field 'spot': must be positive");
    REQUIRE(
        why(R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[{"strike":1,"pe":{"ltp":1}}]})") ==
        "OPTION_CHAIN: field 'strikes[0].pe': needs ltp and oi");
    REQUIRE(why(R"({"type":"BREADTH","timestamp":1,"symbol":"N","adv":-1,"dec":2})") ==
            "BREADTH: field 'adv': must not be negative");
    REQUIRE(why(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"iv_rank":120})") ==
            "SENTIMENT_UPDATE: field 'iv_rank': must lie in [0, 100]");
    REQUIRE(why(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"regime":"MOON"})") ==
            "SENTIMENT_UPDATE: field 'regime': 'MOON' is not a regime");
}

TEST_CASE("enumerated fields take only their documented values") {
    REQUIRE(why(R"({"type":"REGIME","timestamp":1,"symbol":"N","regime":"UP"})") ==
            "REGIME: field 'regime': 'UP' is not a regime");
    REQUIRE(why(R"({"type":"SIGNAL","timestamp":1,"symbol":"A","id":"i","pattern_id":"P","side":"LONG"})") ==
            "SIGNAL: field 'side': 'LONG' is not one of BUY, SELL");
    REQUIRE(why(R"({"type":"ORDER_UPDATE","timestamp":1,"id":"o","status":"DONE"})").find("is not one of") !=
            std::string::npos);
    REQUIRE(
        why(R"({"type":"EXIT","timestamp":1,"symbol":"A","order_id":"o","reason":"BORED","price":1,"qty":1,"pnl":0})")
            .find("'BORED'") != std::string::npos);
    REQUIRE(why(R"({"type":"CONTROL","command":"explode"})").find("'explode'") != std::string::npos);
    REQUIRE(why(R"({"type":"ALERT","level":"loud","code":"X","message":"m"})").find("'loud'") !=
            std::string::npos);
    // A SIGNAL's regime is written exactly; REGIME and SENTIMENT_UPDATE read lower case as an alias.
    REQUIRE(
        why(R"({"type":"SIGNAL","timestamp":1,"symbol":"A","id":"i","pattern_id":"P","side":"BUY","regime":"sideways"})") ==
        "SIGNAL: field 'regime': 'sideways' is not a regime");
    REQUIRE(why(R"({"type":"REGIME","timestamp":1,"symbol":"N","regime":"sideways"})").empty());
}

TEST_CASE("legs name their action and option type from the vocabulary, never guessed") {
    // An ORDER leg without an action is refused as it always was; its option type may be left out.
    REQUIRE(why(R"({"type":"ORDER","timestamp":1,"symbol":"N","id":"o","legs":[{"symbol":"X","qty":1}]})") ==
            "ORDER: field 'legs[0].action': '' is not one of BUY, SELL");
    REQUIRE(
        why(R"({"type":"ORDER","timestamp":1,"symbol":"N","id":"o","legs":[{"symbol":"X","action":"SELL","qty":1}]})")
            .empty());
    REQUIRE(
        why(R"({"type":"ORDER","timestamp":1,"symbol":"N","id":"o","legs":[{"action":"SELL","option_type":"FUT","qty":1}]})") ==
        "ORDER: field 'legs[0].option_type': 'FUT' is not one of CE, PE");
    // A SIGNAL's structure leg needs both: there is no right to assume.
    const std::string head =
        R"({"type":"SIGNAL","timestamp":1,"symbol":"N","id":"i","pattern_id":"P","side":"SELL",)";
    REQUIRE(why(head + R"("legs":[{"action":"SELL","option_type":"CE","offset":"ATM"}]})").empty());
    REQUIRE(why(head + R"("legs":[{"action":"SELL","offset":"ATM"}]})") ==
            "SIGNAL: field 'legs[0].option_type' is missing");
    REQUIRE(why(head + R"("legs":[{"option_type":"CE","offset":"ATM"}]})") ==
            "SIGNAL: field 'legs[0].action' is missing");
    REQUIRE(why(head + R"("legs":[{"action":"HOLD","option_type":"CE","offset":"ATM"}]})") ==
            "SIGNAL: field 'legs[0].action': 'HOLD' is not one of BUY, SELL");
    // An empty side reads as it always did.
    REQUIRE(why(R"({"type":"SIGNAL","timestamp":1,"symbol":"A","id":"i","pattern_id":"P","side":""})") ==
            "SIGNAL: field 'side': '' is not one of BUY, SELL");
}

TEST_CASE("time must move forward per symbol and timeframe while history is tracked apart") {
    Decoder d;
    OrderGuard guard;
    EventList out;
    auto check = [&](std::string_view line) {
        REQUIRE(d.decode(line, out));
        return guard.check(out[0]);
    };
    REQUIRE_FALSE(
        check(R"({"type":"CANDLE","timestamp":100,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})"));
    REQUIRE_FALSE(
        check(R"({"type":"CANDLE","timestamp":100,"symbol":"A","tf":"5m","o":1,"h":1,"l":1,"c":1,"v":1})"));
    REQUIRE_FALSE(
        check(R"({"type":"CANDLE","timestamp":100,"symbol":"B","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})"));
    auto again =
        check(R"({"type":"CANDLE","timestamp":100,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})");
    REQUIRE(again);
    REQUIRE(*again == "timestamp 100 does not move forward (previous 100 for this symbol and timeframe)");
    REQUIRE_FALSE(check(
        R"({"type":"CANDLE","timestamp":40,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1,"hist":true})"));
    REQUIRE_FALSE(check(R"({"type":"TICK","timestamp":100,"symbol":"A","ltp":1})"));
    REQUIRE_FALSE(check(R"({"type":"TICK","timestamp":100,"symbol":"A","ltp":2})"));  // same second: fine
    REQUIRE(check(R"({"type":"TICK","timestamp":99,"symbol":"A","ltp":2})"));
}

TEST_CASE("one line stamped far ahead does not make the rest of its series go backwards") {
    Decoder d;
    OrderGuard guard;
    EventList out;
    auto candle = [&](long t) {
        const std::string line = R"({"type":"CANDLE","timestamp":)" + std::to_string(t) +
                                 R"(,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})";
        REQUIRE(d.decode(line, out));
        return guard.check(out[0]);
    };
    const long day = 1704685500, year = 366L * 86400;
    REQUIRE_FALSE(candle(day));
    REQUIRE_FALSE(candle(day + 60));
    REQUIRE_FALSE(candle(day + 120 + year));  // the bad line: taken, nothing can tell yet
    auto first = candle(day + 180);
    REQUIRE(first);
    REQUIRE(*first ==
            "timestamp 1704685680 does not move forward (previous 1736308020 for this symbol and "
            "timeframe, which jumped ahead of 1704685560: if the next line follows on from this one, "
            "the series continues from there)");
    // The second line that follows on decides it: the series continues from here.
    REQUIRE_FALSE(candle(day + 240));
    REQUIRE_FALSE(candle(day + 300));
    REQUIRE(candle(day + 300));  // and order is kept from there on
    REQUIRE_FALSE(candle(day + 360));
}

TEST_CASE("a late line or a block of older lines does not move the series back") {
    Decoder d;
    OrderGuard guard;
    EventList out;
    auto tick = [&](long t) {
        const std::string line =
            R"({"type":"TICK","timestamp":)" + std::to_string(t) + R"(,"symbol":"A","ltp":5})";
        REQUIRE(d.decode(line, out));
        return guard.check(out[0]);
    };
    const long t0 = 1704685500;
    REQUIRE_FALSE(tick(t0));
    REQUIRE_FALSE(tick(t0 + 5));
    // Late ticks within a minute stay refused, however many follow on.
    REQUIRE(tick(t0 + 2));
    REQUIRE(tick(t0 + 3));
    REQUIRE(tick(t0 + 4));
    REQUIRE(*tick(t0 + 4) ==
            "timestamp 1704685504 does not move forward (previous 1704685505 for this symbol)");
    REQUIRE_FALSE(tick(t0 + 6));
    // Older than the line before the last: refused, and they never take the series back.
    REQUIRE_FALSE(tick(t0 + 600));
    REQUIRE(tick(t0 - 600));
    REQUIRE(tick(t0 - 590));
    REQUIRE(tick(t0 - 580));
    REQUIRE_FALSE(tick(t0 + 601));
}

TEST_CASE("a SIGNAL's levels are positive and on their side of the entry") {
    auto sig = [](const char* side, const char* levels) {
        return why(
            std::string(R"({"type":"SIGNAL","timestamp":1,"symbol":"A","id":"i","pattern_id":"P","side":")") +
            side + "\"," + levels + "}");
    };
    REQUIRE(sig("BUY", R"("entry":100,"sl":95,"tp":110)").empty());
    REQUIRE(sig("SELL", R"("entry":100,"sl":105,"tp":90)").empty());
    REQUIRE(sig("BUY", R"("entry":100,"sl":100,"tp":100)").empty());  // no risk: sos-risk's SIZE_ZERO
    REQUIRE(sig("BUY", R"("entry":-5,"sl":-6,"tp":-3)") == "SIGNAL: field 'entry': must be positive");
    REQUIRE(sig("BUY", R"("entry":0)") == "SIGNAL: field 'entry': must be positive");
    REQUIRE(sig("BUY", R"("entry":100,"sl":-1)") == "SIGNAL: field 'sl': must be positive");
    REQUIRE(sig("SELL", R"("entry":100,"tp":0)") == "SIGNAL: field 'tp': must be positive");
    REQUIRE(sig("BUY", R"("entry":1e400)") == "SIGNAL: field 'entry': not a finite number or null");
    REQUIRE(sig("BUY", R"("entry":100,"sl":"NaN")") == "SIGNAL: field 'sl': not a finite number or null");
    REQUIRE(sig("BUY", R"("entry":100,"sl":101)") ==
            "SIGNAL: field 'sl': 101 is above the entry 100: a BUY's stop lies below it");
    REQUIRE(sig("BUY", R"("entry":100,"tp":99.5)") ==
            "SIGNAL: field 'tp': 99.5 is below the entry 100: a BUY's target lies above it");
    REQUIRE(sig("SELL", R"("entry":100,"sl":99)") ==
            "SIGNAL: field 'sl': 99 is below the entry 100: a SELL's stop lies above it");
    REQUIRE(sig("SELL", R"("entry":100,"tp":101)") ==
            "SIGNAL: field 'tp': 101 is above the entry 100: a SELL's target lies below it");
    // A REJECT carrying the signal's fields is a record of a refusal, not a request to trade.
    REQUIRE(
        why(R"({"type":"REJECT","timestamp":1,"symbol":"A","stage":"match","ref":"i","reason":"SENTIMENT_VETO","side":"BUY","entry":-5})")
            .empty());
}

TEST_CASE("an ORDER's prices and quantities are positive where they are used") {
    auto order = [](const char* fields) {
        return why(std::string(R"({"type":"ORDER","timestamp":1,"symbol":"A","id":"o","side":"BUY",)") +
                   fields + "}");
    };
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","trigger_price":100,"sl":95,"tp":110)").empty());
    REQUIRE(
        order(R"("qty":50,"order_type":"MARKET","price":0,"trigger_price":0)").empty());  // OpenAlgo's "none"
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","trigger_price":-5)") ==
            "ORDER: field 'trigger_price': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"SL","price":100,"trigger_price":0)") ==
            "ORDER: field 'trigger_price': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"LIMIT","price":0)") == "ORDER: field 'price': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"MARKET","price":-1)") ==
            "ORDER: field 'price': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","price":-1)") == "ORDER: field 'price': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","trigger_price":100,"sl":-6)") ==
            "ORDER: field 'sl': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","trigger_price":100,"tp":0)") ==
            "ORDER: field 'tp': must be positive");
    REQUIRE(order(R"("qty":50,"order_type":"SL-M","trigger_price":1e999)") ==
            "ORDER: field 'trigger_price': not a finite number or null");
    REQUIRE(order(R"("qty":0,"order_type":"MARKET")") == "ORDER: field 'qty': must be positive");
    REQUIRE(order(R"("qty":-50,"order_type":"MARKET")") == "ORDER: field 'qty': must be positive");
    REQUIRE(order(R"("qty":1e30,"order_type":"MARKET")") == "ORDER: field 'qty': not a whole number");
    REQUIRE(
        why(R"({"type":"ORDER","timestamp":1,"symbol":"N","id":"o","legs":[{"symbol":"X","action":"SELL","qty":0}]})") ==
        "ORDER: field 'legs[0].qty': must be positive");
}

TEST_CASE("a chain's lot size stays within the registry's bound") {
    REQUIRE(
        why(R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"lot_size":1e300,"strikes":[]})") ==
        "OPTION_CHAIN: field 'lot_size': must be at most 1000000");
}

TEST_CASE("a CONTROL kill is read one way: for whom, and whether it covers everything") {
    auto control = [](std::string_view line) {
        static Decoder d;
        static EventList out;
        REQUIRE(d.decode(line, out));
        return *out[0].as<Control>();
    };
    const auto all = control(R"({"type":"CONTROL","command":"kill"})");
    REQUIRE(is_kill_for(all, "sos-risk"));
    REQUIRE(is_kill_for(all, "sos-exec"));
    REQUIRE(kills_everything(all));
    REQUIRE(kills_everything(control(R"({"type":"CONTROL","command":"kill","scope":"all"})")));
    const auto exec_only =
        control(R"({"type":"CONTROL","command":"kill","target":"sos-exec","scope":"NIFTY"})");
    REQUIRE(is_kill_for(exec_only, "sos-exec"));
    REQUIRE_FALSE(is_kill_for(exec_only, "sos-risk"));
    REQUIRE_FALSE(addressed_to(exec_only, "sos-risk"));
    REQUIRE_FALSE(kills_everything(exec_only));  // one underlying only
    const auto pause = control(R"({"type":"CONTROL","command":"pause"})");
    REQUIRE(addressed_to(pause, "sos-risk"));
    REQUIRE_FALSE(is_kill_for(pause, "sos-risk"));
    REQUIRE_FALSE(kills_everything(pause));
}
