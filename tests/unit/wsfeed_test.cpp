#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <simdjson.h>

#include "event/encoder.hpp"
#include "wsfeed/bar_snapshots.hpp"
#include "wsfeed/ws_feed.hpp"

using namespace sos;
using namespace sos::wsfeed;

namespace {

std::string recorded(const std::string& name) {
    std::ifstream in(std::string(SOS_SOURCE_DIR) + "/tests/recorded/bridge/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

time::Timestamp at(int h, int m, double s = 0) {
    return time::Timestamp{cal().zone().at(time::Date{2025, 8, 22}, h * 3600 + m * 60).ns +
                           static_cast<std::int64_t>(s * 1e9)};
}

std::string drain(WsFeed& feed) {
    std::string out;
    for (const auto& e : feed.ready())
        event::encode(e, out);
    feed.ready().clear();
    return out;
}

WsFeedOptions bridge_options() {
    WsFeedOptions o;
    o.name = "bridge";
    o.profile = WsProfile::SeedBridge;
    o.aliases = seed_bridge_aliases();
    o.exchanges = {{"NIFTY", "NSE_INDEX"}, {"BANKNIFTY", "NSE_INDEX"}, {"RELIANCE", "NSE"}};
    return o;
}

std::string bridge_candle(std::int64_t ms, const char* symbol, double c) {
    std::ostringstream s;
    s << R"({"type": "CANDLE_UPDATE", "timestamp": )" << ms << R"(, "data": {"symbol": ")" << symbol
      << R"(", "candle": {"open": 800.0, "high": 802.0, "low": 799.0, "close": )" << c
      << R"(, "volume": 10}}})";
    return s.str();
}

std::int64_t ms(time::Timestamp t) {
    return t.ns / 1'000'000;
}

}  // namespace

TEST_CASE("ws feed: the seed bridge's recorded stream becomes the expected canonical lines") {
    WsFeed feed(bridge_options(), cal());
    simdjson::dom::parser parser;
    std::istringstream stream(recorded("seed-bridge.jsonl"));
    std::string line, out;
    std::int64_t last_ms = 0;
    std::size_t n = 0;
    while (std::getline(stream, line)) {
        std::int64_t sent = parser.parse(line)["timestamp"].get_int64();
        last_ms = sent;
        time::Timestamp now{(sent + 200) * 1'000'000};  // received 200 ms after it was sent
        WsMessageKind kind = feed.take(line, false, now);
        REQUIRE(kind != WsMessageKind::Bad);
        out += drain(feed);
        ++n;
    }
    REQUIRE(n == 93);
    feed.advance(time::Timestamp{(last_ms + 60'000) * 1'000'000});
    out += drain(feed);
    REQUIRE(out == recorded("seed-bridge.expected.ndjson"));

    WsFeed::Counts c = feed.counts();
    REQUIRE(c.bad == 0);
    REQUIRE(c.chains_dropped == 6);
    REQUIRE(c.snapshots.closed == 9);
    REQUIRE(c.snapshots.late == 0);
    REQUIRE(feed.notes().size() == 1);
    REQUIRE(feed.notes()[0].type == "OPTION_CHAIN_UPDATE");
    REQUIRE(feed.notes()[0].message ==
            "an option chain without expiry and spot has no OPTION_CHAIN form: not written");
}

TEST_CASE("ws feed: bridge candles are snapshots, closed when a later bar's arrives or the clock passes") {
    WsFeed feed(bridge_options(), cal());
    feed.take(bridge_candle(ms(at(9, 20, 10)), "RELIANCE", 800.5), false, at(9, 20, 10.2));
    feed.take(bridge_candle(ms(at(9, 20, 50)), "RELIANCE", 801.5), false, at(9, 20, 50.2));
    REQUIRE(drain(feed).empty());
    feed.take(bridge_candle(ms(at(9, 21, 0.5)), "RELIANCE", 800.0), false, at(9, 21, 0.7));
    REQUIRE(
        drain(feed) ==
        R"({"type":"CANDLE","timestamp":1755834600,"symbol":"RELIANCE","exchange":"NSE","tf":"1m","o":800,)"
        R"("h":802,"l":799,"c":801.5,"v":10,"src":"ws:bridge"})"
        "\n");
    // A snapshot of the bar just written arrives late: counted, never folded in.
    feed.take(bridge_candle(ms(at(9, 20, 59)), "RELIANCE", 801.9), false, at(9, 21, 1));
    REQUIRE(feed.counts().snapshots.late == 1);
    // Quiet after that: the 09:21 bar closes by the clock, 2 s after its end.
    feed.advance(at(9, 22, 1.9));
    REQUIRE(drain(feed).empty());
    feed.advance(at(9, 22, 2));
    REQUIRE(drain(feed).find(R"("timestamp":1755834660)") != std::string::npos);
    // The bridge's Upstox path stamps candles at midnight: outside every session, not placed.
    std::int64_t midnight = ms(cal().zone().at(time::Date{2025, 8, 22}, 0));
    REQUIRE(feed.take(bridge_candle(midnight, "NIFTY", 801), false, at(9, 22, 5)) == WsMessageKind::Market);
    REQUIRE(feed.counts().snapshots.outside_session == 1);
    // At the end of the stream a bar still open is written flagged partial.
    feed.take(bridge_candle(ms(at(9, 23, 5)), "NIFTY_BANK", 801), false, at(9, 23, 5.2));
    feed.finish();
    std::string last = drain(feed);
    REQUIRE(last.find(R"("symbol":"BANKNIFTY")") != std::string::npos);
    REQUIRE(last.find(R"("partial":true)") != std::string::npos);
}

TEST_CASE("ws feed: the bridge's sentiment is market-wide, without placeholders, written when it changes") {
    WsFeed feed(bridge_options(), cal());
    const std::string s1 =
        R"({"type": "SENTIMENT_UPDATE", "timestamp": 1755834330000, "data": {"regime": "BEARISH", "pcr": 1.12, )"
        R"("advances": 12, "declines": 38, "pcrVelocity": 0.0, "oiWallAbove": 0.0, "oiWallBelow": 0.0}})";
    REQUIRE(feed.take(s1, false, at(9, 15, 30.2)) == WsMessageKind::Market);
    REQUIRE(drain(feed) ==
            R"({"type":"SENTIMENT_UPDATE","timestamp":1755834330,"pcr":1.12,"breadth":{"adv":12,)"
            R"("dec":38},"regime":"BEARISH","src":"ws:bridge"})"
            "\n");
    const std::string m =
        R"({"type": "MARKET_UPDATE", "timestamp": 1755834331000, "data": {"symbol": "RELIANCE", "candle": )"
        R"({"open": 1.0, "high": 1.0, "low": 1.0, "close": 1.0, "volume": 1}, "sentiment": {"pcr": 1.12, "regime": "BEARISH"}}})";
    feed.take(m, false, at(9, 15, 31.2));
    REQUIRE(drain(feed).empty());  // nothing changed: not written again
    REQUIRE(feed.counts().sentiment_repeats == 1);
    const std::string m2 =
        R"({"type": "MARKET_UPDATE", "timestamp": 1755834332000, "data": {"symbol": "NIFTY", "candle": )"
        R"({"open": 1.0, "high": 1.0, "low": 1.0, "close": 1.0, "volume": 0}, "sentiment": {"pcr": 1.2, "regime": "unknown"}}})";
    feed.take(m2, false, at(9, 15, 32.2));
    REQUIRE(drain(feed) == R"({"type":"SENTIMENT_UPDATE","timestamp":1755834332,"pcr":1.2,"src":"ws:bridge"})"
                           "\n");
}

TEST_CASE("ws feed: a contract-speaking server's market lines pass, the rest is liveness, ignored or bad") {
    WsFeedOptions o;
    o.name = "peer";
    o.aliases = {{"NIFTY50", "NIFTY"}};
    WsFeed feed(o, cal());
    REQUIRE(
        feed.take(
            R"({"type":"CANDLE","timestamp":1755834300,"symbol":"NIFTY50","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":0})",
            false, at(9, 16, 0.1)) == WsMessageKind::Market);
    REQUIRE(drain(feed) ==
            R"({"type":"CANDLE","timestamp":1755834300,"symbol":"NIFTY","tf":"1m","o":1,"h":2,"l":1,)"
            R"("c":2,"v":0,"src":"ws:peer"})"
            "\n");
    REQUIRE(
        feed.take(R"({"type":"TICK","timestamp":1755834360.5,"symbol":"SBIN","ltp":812.5,"src":"elsewhere"})",
                  false, at(9, 16, 0.6)) == WsMessageKind::Market);
    REQUIRE(drain(feed).find(R"("src":"ws:peer")") != std::string::npos);

    REQUIRE(feed.take(R"({"type":"heartbeat","ts":1})", false, at(9, 16, 1)) == WsMessageKind::Liveness);
    REQUIRE(feed.take(R"({"type":"Subscribed","symbols":["NIFTY"]})", false, at(9, 16, 1)) ==
            WsMessageKind::Liveness);
    REQUIRE(feed.counts().liveness == 2);

    // A data server does not get to place orders.
    const std::string order =
        R"({"type":"ORDER","timestamp":1755834361,"symbol":"SBIN","id":"x","side":"BUY","qty":1,"order_type":"MARKET",)"
        R"("price":0,"trigger_price":0,"product":"MIS","strategy":"s"})";
    REQUIRE(feed.take(order, false, at(9, 16, 2)) == WsMessageKind::Ignored);
    REQUIRE(feed.take(order, false, at(9, 16, 3)) == WsMessageKind::Ignored);
    REQUIRE(feed.take(R"({"type":"mystery","x":1})", false, at(9, 16, 3)) == WsMessageKind::Ignored);
    REQUIRE(drain(feed).empty());
    REQUIRE(feed.counts().ignored == 3);

    REQUIRE(feed.take("{not json", false, at(9, 16, 4)) == WsMessageKind::Bad);
    REQUIRE(
        feed.take(
            R"({"type":"CANDLE","timestamp":1755834360,"symbol":"SBIN","tf":"1m","o":1,"h":0.5,"l":1,"c":1,"v":0})",
            false, at(9, 16, 5)) == WsMessageKind::Bad);
    REQUIRE(feed.take("\x01\x02", true, at(9, 16, 6)) == WsMessageKind::Bad);
    REQUIRE(feed.counts().bad == 3);

    std::vector<std::string> notes;
    for (const auto& n : feed.notes())
        notes.push_back(n.message);
    REQUIRE(notes.size() == 5);  // each ignored type once, each bad message
    REQUIRE(notes[0] == "type 'ORDER' is not market data: not written");
    REQUIRE(notes[1] == "type 'mystery' is not market data: not written");
    REQUIRE(notes[2].rfind("not JSON", 0) == 0);
    REQUIRE(notes[3] == "CANDLE: h < l");
    REQUIRE(notes[4] == "a binary frame, not JSON text: skipped");
}

TEST_CASE("ws feed: a recovery burst comes out as history, its bad elements are named") {
    WsFeed feed(WsFeedOptions{"peer", WsProfile::Contract, {}, {}, 2}, cal());
    feed.take(
        R"({"type":"SYNC_RECOVERY","timestamp":1755834400,"history_data":[)"
        R"({"type":"CANDLE","timestamp":1755834300,"symbol":"NIFTY","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":0},)"
        R"({"type":"CANDLE","timestamp":1755834360,"symbol":"NIFTY","tf":"1m","o":1}]})",
        false, at(9, 16, 40));
    std::string out = drain(feed);
    REQUIRE(out.find(R"("hist":true)") != std::string::npos);
    REQUIRE(feed.notes().size() == 1);
    REQUIRE(feed.notes()[0].message.find("history_data[1]") != std::string::npos);
}

TEST_CASE("ws feed: a bar open when the connection was lost is written partial, nothing is written twice") {
    WsFeed feed(bridge_options(), cal());
    feed.take(bridge_candle(ms(at(9, 20, 10)), "RELIANCE", 800.5), false, at(9, 20, 10.2));
    feed.mark_gap();  // the socket went: later snapshots of 09:20 may be missing
    feed.take(bridge_candle(ms(at(9, 21, 5)), "RELIANCE", 801), false, at(9, 21, 5.2));
    std::string out = drain(feed);
    REQUIRE(out.find(R"("timestamp":1755834600)") != std::string::npos);
    REQUIRE(out.find(R"("partial":true)") != std::string::npos);
    // The 09:21 bar opened after the gap: complete when it closes.
    feed.advance(at(9, 22, 2));
    out = drain(feed);
    REQUIRE(out.find(R"("timestamp":1755834660)") != std::string::npos);
    REQUIRE(out.find("partial") == std::string::npos);

    // A contract-speaking server repeating its last candle after a reconnection.
    WsFeedOptions o;
    o.name = "peer";
    WsFeed peer(o, cal());
    const std::string c1 =
        R"({"type":"CANDLE","timestamp":1755834300,"symbol":"SBIN","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":5})";
    REQUIRE(peer.take(c1, false, at(9, 16, 1)) == WsMessageKind::Market);
    REQUIRE(peer.take(c1, false, at(9, 16, 3)) == WsMessageKind::Market);
    REQUIRE(drain(peer) ==
            R"({"type":"CANDLE","timestamp":1755834300,"symbol":"SBIN","tf":"1m","o":1,"h":2,"l":1,)"
            R"("c":2,"v":5,"src":"ws:peer"})"
            "\n");
    REQUIRE(peer.counts().duplicates == 1);
}

TEST_CASE("ws feed: --symbols passes only those symbols, and market-wide lines") {
    WsFeedOptions o = bridge_options();
    o.symbols = {"BANKNIFTY"};
    WsFeed feed(o, cal());
    feed.take(bridge_candle(ms(at(9, 20, 10)), "RELIANCE", 800.5), false, at(9, 20, 10.2));
    feed.take(bridge_candle(ms(at(9, 20, 10)), "NIFTY_BANK", 800.5), false, at(9, 20, 10.2));
    const std::string m =
        R"({"type": "MARKET_UPDATE", "timestamp": 1755834611000, "data": {"symbol": "RELIANCE", "candle": )"
        R"({"open": 1.0, "high": 1.0, "low": 1.0, "close": 1.0, "volume": 1}, "sentiment": {"pcr": 1.12, "regime": "BEARISH"}}})";
    feed.take(m, false, at(9, 20, 11.2));
    feed.advance(at(9, 21, 2));
    const std::string out = drain(feed);
    REQUIRE(out.find("RELIANCE") == std::string::npos);
    REQUIRE(out.find(R"("symbol":"BANKNIFTY")") != std::string::npos);
    REQUIRE(out.find(R"("type":"SENTIMENT_UPDATE")") != std::string::npos);
    REQUIRE(feed.counts().other_symbols == 2);  // RELIANCE's candle and its MARKET_UPDATE candle
}
