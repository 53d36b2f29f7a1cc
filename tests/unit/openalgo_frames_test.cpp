#include <catch2/catch.hpp>

#include <simdjson.h>

#include "openalgo/client_messages.hpp"
#include "openalgo/frame_decoder.hpp"

using namespace sos;
using namespace sos::openalgo;

namespace {

// The frame as a parsed DOM, to compare encodings by content.
simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& text) {
    return p.parse(text).value();
}

time::Timestamp seconds(std::int64_t s) {
    return time::Timestamp::from_seconds(s);
}

}  // namespace

TEST_CASE("client messages carry exactly the documented fields") {
    simdjson::dom::parser p;
    std::vector<Instrument> list = {{"NIFTY", "NSE_INDEX"}, {"NIFTY28AUG2625000CE", "NFO"}};

    REQUIRE(encode_authenticate("k\"ey") == R"({"action":"authenticate","api_key":"k\"ey"})");
    REQUIRE(encode_subscribe(list, Mode::Quote) ==
            R"({"action":"subscribe","symbols":[{"symbol":"NIFTY","exchange":"NSE_INDEX"},)"
            R"({"symbol":"NIFTY28AUG2625000CE","exchange":"NFO"}],"mode":2})");
    // Depth mode sends the depth level (key "depth", not "depth_level"); a request id when given.
    auto depth = parse(p, encode_subscribe(list, Mode::Depth, "r-17", 20));
    REQUIRE(int64_t(depth["mode"]) == 3);
    REQUIRE(int64_t(depth["depth"]) == 20);
    REQUIRE(std::string_view(depth["request_id"]) == "r-17");
    // Unsubscribe: the mode goes in every entry (the server ignores a top-level one).
    auto un = parse(p, encode_unsubscribe(list, Mode::Ltp));
    REQUIRE(un["mode"].error() == simdjson::NO_SUCH_FIELD);
    for (auto e : un["symbols"].get_array())
        REQUIRE(int64_t(e["mode"]) == 1);
    REQUIRE(encode_unsubscribe_all() == R"({"action":"unsubscribe_all"})");
    REQUIRE(encode_ping(1704685500123, "p-1") ==
            R"({"action":"ping","timestamp":1704685500123,"_pingId":"p-1"})");
    REQUIRE(encode_subscribe_orders() == R"({"action":"subscribe_orders"})");
}

TEST_CASE("modes by number or label, any case") {
    REQUIRE(parse_mode("quote") == Mode::Quote);
    REQUIRE(parse_mode("DEPTH") == Mode::Depth);
    REQUIRE(parse_mode("1") == Mode::Ltp);
    REQUIRE_FALSE(parse_mode("4"));
    REQUIRE(mode_label(Mode::Ltp) == "LTP");
}

TEST_CASE("market data in LTP mode: ltt in seconds (Zerodha)") {
    FrameDecoder d;
    REQUIRE(
        d.decode(
            R"({"type":"market_data","symbol":"NIFTY","exchange":"NSE_INDEX","mode":1,"broker":"zerodha",)"
            R"("data":{"ltp":21700.05,"ltt":1704685501,"timestamp":1704685501234,"symbol":"NIFTY"}})") ==
        FrameKind::MarketData);
    const MarketData& m = d.market_data();
    REQUIRE(m.symbol == "NIFTY");
    REQUIRE(m.exchange == "NSE_INDEX");
    REQUIRE(m.mode == Mode::Ltp);
    REQUIRE(m.broker == "zerodha");
    REQUIRE(m.tick.ltp == 21700.05);
    REQUIRE(m.tick.ltt == seconds(1704685501));
    REQUIRE(m.tick.adapter_time == time::Timestamp{1704685501234LL * 1'000'000});
    // Missing fields are absent, not zero.
    REQUIRE_FALSE(m.tick.volume);
    REQUIRE_FALSE(m.tick.oi);
    REQUIRE_FALSE(m.tick.bid);
    REQUIRE_FALSE(m.tick.ask);
}

TEST_CASE("market data in Quote mode: ltt in milliseconds (Angel), numbers as strings") {
    FrameDecoder d;
    REQUIRE(d.decode(R"({"data":{"ltp":"812.4","ltt":1704685501250,"volume":"1250000","oi":null,)"
                     R"("last_trade_quantity":15,"open":810,"close":805.5,"average_price":811.2},)"
                     R"("type":"market_data","symbol":"SBIN","exchange":"NSE","mode":2})") ==
            FrameKind::MarketData);
    const LiveTick& t = d.market_data().tick;
    REQUIRE(t.ltp == 812.4);
    REQUIRE(t.ltt == time::Timestamp{1704685501250LL * 1'000'000});
    REQUIRE(t.volume == 1250000);
    REQUIRE_FALSE(t.oi);  // null: absent
    REQUIRE(t.last_qty == 15);
    REQUIRE(d.market_data().mode == Mode::Quote);
}

TEST_CASE("market data in Depth mode: bid and ask from the best level") {
    FrameDecoder d;
    REQUIRE(d.decode(
                R"({"type":"market_data","symbol":"NIFTY28AUG2625000CE","exchange":"NFO","mode":3,)"
                R"("data":{"ltp":101.5,"ltt":1704685501,"volume":98000,"oi":1520000,)"
                R"("depth":{"buy":[{"price":101.4,"quantity":650,"orders":3},{"price":101.3,"quantity":65}],)"
                R"("sell":[{"price":101.6,"quantity":1300,"orders":5}]}}})") == FrameKind::MarketData);
    const LiveTick& t = d.market_data().tick;
    REQUIRE(t.bid == 101.4);
    REQUIRE(t.bid_qty == 650);
    REQUIRE(t.ask == 101.6);
    REQUIRE(t.ask_qty == 1300);
    REQUIRE(t.oi == 1520000);
    // An empty side (zeros) is no quote.
    REQUIRE(d.decode(R"({"type":"market_data","symbol":"X","exchange":"NFO","mode":3,"data":{"ltp":1,)"
                     R"("depth":{"buy":[{"price":0,"quantity":0}],"sell":[]}}})") == FrameKind::MarketData);
    REQUIRE_FALSE(d.market_data().tick.bid);
    REQUIRE_FALSE(d.market_data().tick.bid_qty);
    REQUIRE_FALSE(d.market_data().tick.ask);
}

TEST_CASE("a depth tick delivered to a quote subscriber keeps its richer payload") {
    FrameDecoder d;
    REQUIRE(d.decode(R"({"type":"market_data","symbol":"SBIN","exchange":"NSE","mode":2,"data":{"ltp":812,)"
                     R"("bid":811.95,"ask":812.05,"depth":{"buy":[{"price":811.9,"quantity":1}]}}})") ==
            FrameKind::MarketData);
    REQUIRE(d.market_data().mode == Mode::Quote);
    REQUIRE(d.market_data().tick.bid == 811.95);  // flat fields win over depth
    REQUIRE(d.market_data().tick.ask == 812.05);
}

TEST_CASE("ltt of 0 or absent leaves the tick without exchange time") {
    FrameDecoder d;
    REQUIRE(d.decode(R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":1,"ltt":0}})") ==
            FrameKind::MarketData);
    REQUIRE_FALSE(d.market_data().tick.ltt);
    REQUIRE_FALSE(d.market_data().mode);
    REQUIRE(
        d.decode(
            R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":1,"ltt":"1704685501"}})") ==
        FrameKind::MarketData);
    REQUIRE(d.market_data().tick.ltt == seconds(1704685501));
}

TEST_CASE("auth acknowledgements, success and failure") {
    FrameDecoder d;
    REQUIRE(d.decode(
                R"({"type":"auth","status":"success","message":"Authentication successful",)"
                R"("broker":"zerodha","user_id":"AB1234","supported_features":{"ltp":true,"quote":true}})") ==
            FrameKind::AuthAck);
    REQUIRE(d.auth().ok);
    REQUIRE(d.auth().broker == "zerodha");
    REQUIRE(d.auth().user_id == "AB1234");
    // The failure has no type: it is an error frame with the authentication code.
    REQUIRE(d.decode(R"({"status":"error","code":"AUTHENTICATION_ERROR","message":"Invalid API key"})") ==
            FrameKind::AuthAck);
    REQUIRE_FALSE(d.auth().ok);
    REQUIRE(d.auth().message == "Invalid API key");
}

TEST_CASE("subscribe acknowledgement with a status per symbol") {
    FrameDecoder d;
    REQUIRE(
        d.decode(
            R"({"type":"subscribe","status":"partial","message":"Subscription processing complete",)"
            R"("broker":"zerodha","subscriptions":[)"
            R"({"symbol":"NIFTY","exchange":"NSE_INDEX","status":"success","mode":"Quote","depth":5,"broker":"zerodha"},)"
            R"({"symbol":"BAD","exchange":"NSE","status":"error","message":"Symbol not found","broker":"zerodha"}],)"
            R"("request_id":"r-17"})") == FrameKind::SubscribeAck);
    const SubscribeAck& a = d.subscribe_ack();
    REQUIRE(a.status == AckStatus::Partial);
    REQUIRE(a.request_id == "r-17");
    REQUIRE(a.symbols.size() == 2);
    REQUIRE(a.symbols[0].ok);
    REQUIRE(a.symbols[0].mode == Mode::Quote);
    REQUIRE(a.symbols[0].depth == 5);
    REQUIRE_FALSE(a.symbols[1].ok);
    REQUIRE(a.symbols[1].symbol == "BAD");
    REQUIRE(a.symbols[1].message == "Symbol not found");
}

TEST_CASE("unsubscribe acknowledgement") {
    FrameDecoder d;
    REQUIRE(
        d.decode(
            R"({"type":"unsubscribe","status":"partial","message":"Unsubscription processing complete",)"
            R"("successful":[{"symbol":"NIFTY","exchange":"NSE_INDEX","mode":2}],)"
            R"("failed":[{"symbol":"X","exchange":"NSE","message":"not subscribed"}],"broker":"zerodha"})") ==
        FrameKind::UnsubscribeAck);
    REQUIRE(d.unsubscribe_ack().status == AckStatus::Partial);
    REQUIRE(d.unsubscribe_ack().successful == std::vector<Instrument>{{"NIFTY", "NSE_INDEX"}});
    REQUIRE(d.unsubscribe_ack().failed == std::vector<Instrument>{{"X", "NSE"}});
}

TEST_CASE("order updates keep OpenAlgo's words and lenient numbers") {
    FrameDecoder d;
    REQUIRE(
        d.decode(R"({"type":"order_update","user_id":"AB1234","mode":"live","broker":"zerodha",)"
                 R"("orderid":"240108000123","symbol":"NIFTY28AUG2625000CE","exchange":"NFO","action":"BUY",)"
                 R"("quantity":"65","price":101.5,"trigger_price":0,"pricetype":"LIMIT","product":"MIS",)"
                 R"("order_status":"trigger pending","filled_quantity":0,"pending_quantity":65,)"
                 R"("average_price":null,"rejection_reason":null})") == FrameKind::OrderUpdate);
    const OrderUpdateFrame& o = d.order_update();
    REQUIRE(o.orderid == "240108000123");
    REQUIRE(o.order_status == "trigger pending");
    REQUIRE(o.quantity == 65);
    REQUIRE(o.filled_quantity == 0);
    REQUIRE_FALSE(o.average_price);
    REQUIRE(o.mode == "live");
    REQUIRE(o.action == "BUY");
    REQUIRE(o.product == "MIS");
    // A numeric order id is kept as its text.
    REQUIRE(d.decode(R"({"type":"order_update","orderid":240108000124,"order_status":"complete"})") ==
            FrameKind::OrderUpdate);
    REQUIRE(d.order_update().orderid == "240108000124");
    REQUIRE(d.order_update().product.empty());  // nothing left from the previous update
}

TEST_CASE("pong and plain acknowledgements") {
    FrameDecoder d;
    REQUIRE(d.decode(R"({"type":"pong","status":"success","server_timestamp":1704685501300,)"
                     R"("client_timestamp":1704685501250,"_pingId":7})") == FrameKind::Pong);
    REQUIRE(d.pong().server_ms == 1704685501300);
    REQUIRE(d.pong().client_ms == 1704685501250);
    REQUIRE(d.pong().ping_id == "7");
    REQUIRE(
        d.decode(
            R"({"type":"subscribe_orders","status":"success","message":"Subscribed to order updates"})") ==
        FrameKind::OtherAck);
    REQUIRE(d.type() == "subscribe_orders");
    REQUIRE(
        d.decode(
            R"({"type":"broker_info","status":"success","broker":"zerodha","adapter_status":"connected"})") ==
        FrameKind::OtherAck);
}

TEST_CASE("error frames are typed, with their code and message") {
    FrameDecoder d;
    REQUIRE(d.decode(
                R"({"status":"error","code":"NOT_AUTHENTICATED","message":"You must authenticate first"})") ==
            FrameKind::ServerError);
    REQUIRE(d.server_error().code == ErrorCode::NotAuthenticated);
    REQUIRE(d.server_error().message == "You must authenticate first");
    REQUIRE(d.decode(R"({"status":"error","code":"SOMETHING_NEW","message":{"mode":["bad"]}})") ==
            FrameKind::ServerError);
    REQUIRE(d.server_error().code == ErrorCode::Other);
    REQUIRE(d.server_error().code_text == "SOMETHING_NEW");
    REQUIRE(d.server_error().message == R"({"mode":["bad"]})");
}

TEST_CASE("bad frames are reported with a reason, never thrown") {
    FrameDecoder d;
    struct Case {
        std::string frame;
        BadReason reason;
        std::string message;
    };
    std::vector<Case> cases = {
        {"not json", BadReason::NotJson, ""},
        {"[1,2]", BadReason::NotObject, "not a JSON object"},
        {R"({"symbol":"A"})", BadReason::NoType, "no type, and not an error frame"},
        {R"({"type":"heartbeat"})", BadReason::UnknownType, "unknown type 'heartbeat'"},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltt":1704685501}})",
         BadReason::Missing, "market_data: field 'data.ltp': missing"},
        {R"({"type":"market_data","exchange":"NSE","data":{"ltp":1}})", BadReason::Missing,
         "market_data: field 'symbol': missing"},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE"})", BadReason::Missing,
         "market_data: field 'data': missing"},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":"abc"}})", BadReason::Invalid,
         "market_data: field 'data.ltp': not a number"},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":1,"ltt":-5}})",
         BadReason::Invalid, "market_data: field 'data.ltt': not an epoch time"},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","mode":9,"data":{"ltp":1}})",
         BadReason::Invalid, "market_data: field 'mode': not 1, 2 or 3"},
        {R"({"type":"order_update","order_status":"open"})", BadReason::Missing,
         "order_update: field 'orderid': missing"},
        {R"({"type":"pong"} x)", BadReason::NotJson, ""},
        {R"({"type":"pong","x":[1,2,}})", BadReason::NotJson, ""},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":1,"oi":tru}})",
         BadReason::Invalid, "market_data: field 'data.oi': not a number"},
        // A malformed value is caught at the top level; in a payload, a field sos does not read
        // is skipped unchecked, but the frame's structure is still checked.
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","x":tru,"data":{"ltp":1}})",
         BadReason::NotJson, ""},
        {R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":1,"x":{"y":[}}})",
         BadReason::NotJson, ""},
        {"", BadReason::NotJson, ""},
    };
    for (const auto& c : cases) {
        INFO(c.frame);
        REQUIRE(d.decode(c.frame) == FrameKind::Bad);
        REQUIRE(d.bad().reason == c.reason);
        REQUIRE_FALSE(d.bad().message().empty());
        if (!c.message.empty()) REQUIRE(d.bad().message() == c.message);
    }
    // The decoder goes on after a bad frame.
    REQUIRE(d.decode(R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":2}})") ==
            FrameKind::MarketData);
    REQUIRE(d.market_data().tick.ltp == 2);
}

TEST_CASE("a frame in a buffer with room after it decodes without a copy") {
    FrameDecoder d;
    std::string buf = R"({"type":"market_data","symbol":"A","exchange":"NSE","data":{"ltp":3,"volume":10}})";
    std::size_t len = buf.size();
    buf.append(FrameDecoder::padding(), ' ');
    REQUIRE(d.decode(buf.data(), len, buf.size()) == FrameKind::MarketData);
    REQUIRE(d.market_data().tick.volume == 10);
}
