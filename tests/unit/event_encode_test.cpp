#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "event/json_writer.hpp"

using namespace sos::event;

namespace {
std::string roundtrip(std::string_view line) {
    static Decoder d;
    EventList out;
    REQUIRE(d.decode(line, out));
    std::string s;
    for (const auto& e : out)
        encode(e, s);
    return s;
}
}  // namespace

TEST_CASE("canonical lines encode back byte for byte") {
    const char* lines[] = {
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"TSTA","tf":"1m","o":100,"h":105,"l":99,"c":104.25,"v":200})",
        R"({"type":"TICK","timestamp":1704685500.25,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.05,"volume":10})",
        R"({"type":"SIGNAL","timestamp":1704685800,"symbol":"TSTA","id":"T:TSTA:1m:1704685740","pattern_id":"T","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704685740,"entry":106,"sl":99,"tp":120,"risk":7,"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{"a_h":105,"a_l":99,"t_l":104.9}})",
        R"({"type":"BREADTH","timestamp":1704685560,"symbol":"NIFTY","adv":31,"dec":19,"src":"synth","true_regime":"TRENDING_UP"})",
        R"({"type":"REGIME","timestamp":1,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8,"model":"blend"}})",
    };
    for (auto l : lines)
        REQUIRE(roundtrip(l) == std::string(l) + "\n");
}

TEST_CASE("seed forms are written in canonical form") {
    REQUIRE(
        roundtrip(
            R"({"type":"CANDLE_UPDATE","timestamp":1704711600000,"data":{"symbol":"NIFTY","candle":{"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}}})") ==
        "{\"type\":\"CANDLE\",\"timestamp\":1704711600,\"symbol\":\"NIFTY\",\"tf\":\"1m\",\"o\":1,\"h\":2,"
        "\"l\":0.5,\"c\":1.5,\"v\":10}\n");
    REQUIRE(
        roundtrip(
            R"({"type":"SENTIMENT_UPDATE","timestamp":5,"data":{"pcr":1.2,"advances":10,"declines":40,"pcrVelocity":0.1}})") ==
        "{\"type\":\"SENTIMENT_UPDATE\",\"timestamp\":5,\"pcr\":1.2,\"pcr_velocity\":0.1,\"breadth\":{"
        "\"adv\":10,\"dec\":40}}\n");
}

TEST_CASE("numbers in shortest exact form with non-finite as null and strings escaped") {
    Event e;
    e.env.kind = Kind::Alert;
    auto& a = e.body.emplace<Alert>();
    a.level = "warn";
    a.code = "X";
    a.message = "quote \" backslash \\ newline \n tab \t bell \x07";
    REQUIRE(encode(e) ==
            "{\"type\":\"ALERT\",\"level\":\"warn\",\"code\":\"X\",\"message\":\"quote \\\" backslash \\\\ "
            "newline \\n tab \\t bell \\u0007\"}\n");
    Event p;
    p.env.kind = Kind::Position;
    p.env.timestamp = sos::time::Timestamp::from_seconds(1);
    p.env.symbol = "A";
    auto& pos = p.body.emplace<Position>();
    pos.avg_price = 0.1 + 0.2;
    pos.unrealized_pnl = std::numeric_limits<double>::quiet_NaN();
    REQUIRE(encode(p) ==
            "{\"type\":\"POSITION\",\"timestamp\":1,\"symbol\":\"A\",\"qty\":0,\"avg_price\":0."
            "30000000000000004,\"realized_pnl\":0,\"unrealized_pnl\":null}\n");
}

TEST_CASE("executor events carry their mode and orders their underlying and trail") {
    const char* lines[] = {
        R"({"type":"FILL","timestamp":1704685620,"symbol":"NIFTY08JAN2421700PE","order_id":"o1","side":"BUY","qty":65,"price":120.5,"fees":27.08,"src":"sos-exec","mode":"paper"})",
        R"({"type":"ORDER","timestamp":1704685560,"symbol":"NIFTY08JAN2421700PE","id":"o1","signal_id":"s1","side":"BUY","qty":65,"order_type":"SL-M","trigger_price":21690,"product":"MIS","sl":21720,"tp":21630,"strategy":"BRF_SHORT","underlying":"NIFTY","signal_side":"SELL","trail":15})",
    };
    for (auto l : lines)
        REQUIRE(roundtrip(l) == std::string(l) + "\n");
    Decoder d;
    EventList out;
    REQUIRE_FALSE(d.decode(
        R"({"type":"FILL","timestamp":1,"symbol":"A","order_id":"o","side":"BUY","qty":1,"price":1,"mode":"dream"})",
        out));
    REQUIRE(d.error().message() == "FILL: field 'mode': not paper, dry-run or live");
}

// sos-exec --dry-run marks every line it writes "dry-run"; the tools after it (sos-alert,
// sos-journal) refused them all as bad lines, so a dry run's journal lost its REQUESTs,
// ORDER_UPDATEs and sos-exec's HEALTH.
TEST_CASE("a dry run's lines are read like a paper or live executor's") {
    const char* lines[] = {
        R"({"type":"ORDER_UPDATE","timestamp":1704685500,"symbol":"SBIN","id":"A#1","broker_order_id":"","status":"REJECTED","filled_qty":0,"message":"x","src":"sos-exec","mode":"dry-run"})",
        R"({"type":"HEALTH","timestamp":1704685500,"tool":"sos-exec","pid":1,"uptime_s":1,"in":1,"out":1,"bad":0,"mode":"dry-run"})",
    };
    for (auto l : lines)
        REQUIRE(roundtrip(l) == std::string(l) + "\n");
}

TEST_CASE("numbers are written in fmt's shortest form, byte for byte") {
    // The writer's own paths (whole numbers, two decimals, its layout of dragonbox's digits)
    // must never change a byte: compared with fmt on prices (tick multiples and arithmetic on
    // them), near-misses of two decimals, the edges of each notation, every magnitude and
    // random bit patterns.
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> cents(-5'000'000'000, 5'000'000'000);
    std::uniform_real_distribution<double> any(-1e6, 1e6);
    std::vector<double> values = {
        0.01,           -0.01, 0.05, 0.1,         0.1 + 0.2,        0.29,       -0.07,        1.5,
        99.99,          0.005, 1e-5, 1e12 + 0.01, 9999999999999.99, 1e13 + 0.5, -1e13 - 0.25, 123456789.12,
        21734.55 - 0.1, 0.0};
    for (double x :
         {1e-5, 1.5e-5, 0.0001, 0.00012345, 9.999e-5, 1e15 + 0.5, 1e16, 1.5e16, 9.5e15, 1.2345e17, 1e22,
          1e100, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, -1e-7, 123.456, 1e-100, 4.35e-201})
        values.push_back(x);
    std::uniform_int_distribution<int> magnitude(-320, 308);
    std::uniform_int_distribution<std::uint64_t> bits;
    for (int i = 0; i < 100000; ++i) {
        const double scaled = any(rng) * std::pow(10.0, magnitude(rng));
        if (std::isfinite(scaled)) values.push_back(scaled);  // non-finite ones are null, tested above
        double b;
        const std::uint64_t u = bits(rng);
        std::memcpy(&b, &u, sizeof b);
        if (std::isfinite(b) && b != 0) values.push_back(b);
    }
    for (int i = 0; i < 200000; ++i) {
        const auto n = cents(rng);
        values.push_back(static_cast<double>(n) / 100);
        values.push_back(static_cast<double>(n) / 100 - 0.1);
        values.push_back(static_cast<double>(n) * 0.05);
        values.push_back(any(rng));
    }
    for (const double v : values) {
        std::string written;
        JsonWriter::append_number(written, v);
        INFO(fmt::format("{:.17g}", v));
        REQUIRE(written == fmt::format("{}", v));
    }
}
