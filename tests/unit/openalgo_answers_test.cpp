// OpenAlgo's answers to placeorder and its books: an acknowledgement is Accepted (never a
// fill), a 429 carries its retry_after, a 5xx or an unreadable body may have placed the order
// (Unsure), numbers are read whether strings or numbers.
#include <catch2/catch.hpp>

#include "openalgo/order_answers.hpp"
#include "openalgo/position_book.hpp"

using namespace sos;
using namespace sos::openalgo;

TEST_CASE("placeorder answers") {
    auto a = read_place_answer(200, R"({"status":"success","orderid":"250822000000001"})");
    CHECK(a.verdict == PlaceVerdict::Accepted);
    CHECK(a.orderid == "250822000000001");
    a = read_place_answer(429, R"({"status":"error","message":"Rate limit exceeded.","retry_after":2})");
    CHECK(a.verdict == PlaceVerdict::RateLimited);
    CHECK(a.retry_after == std::chrono::milliseconds(2000));
    CHECK(read_place_answer(429, "not json").retry_after == std::chrono::milliseconds(60000));
    a = read_place_answer(400, R"({"status":"error","message":"{'x': ['Unknown field.']}"})");
    CHECK(a.verdict == PlaceVerdict::Refused);
    CHECK(a.message.find("Unknown field") != std::string::npos);
    CHECK(read_place_answer(500, R"({"status":"error","message":"oops"})").verdict == PlaceVerdict::Unsure);
    CHECK(read_place_answer(200, "<html>").verdict == PlaceVerdict::Unsure);
    // Semi-auto: queued for approval, no order id yet.
    CHECK(read_place_answer(200, R"({"status":"success","mode":"semi_auto","pending_order_id":3})").verdict ==
          PlaceVerdict::Unsure);
}

TEST_CASE("orderbook rows, numbers as strings") {
    std::string why;
    const auto rows = read_orderbook(
        200,
        R"({"status":"success","data":{"orders":[{"action":"BUY","symbol":"SBIN","exchange":"NSE","orderid":"9",)"
        R"("product":"MIS","quantity":"65","price":812.35,"trigger_price":0.0,"pricetype":"LIMIT",)"
        R"("order_status":"trigger pending","timestamp":"22-Aug-2025 09:15:03"}],"statistics":{}}})",
        why);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].quantity == 65);
    CHECK((*rows)[0].price == money::Paise{81235});
    CHECK((*rows)[0].pricetype == vocab::OrderType::Limit);
    CHECK((*rows)[0].status == vocab::OrderStatus::TriggerPending);
    CHECK_FALSE(read_orderbook(403, R"({"status":"error","message":"Invalid openalgo apikey"})", why));
    CHECK(why.find("403") != std::string::npos);
}

TEST_CASE("tradebook rows and their time") {
    std::string why;
    const auto rows = read_tradebook(
        200,
        R"({"status":"success","data":[{"action":"BUY","symbol":"SBIN","exchange":"NSE","orderid":"9",)"
        R"("product":"MIS","quantity":65,"average_price":812.4,"timestamp":"22-Aug-2025 09:15:03","trade_value":1}]})",
        why);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].price == money::Paise{81240});
    const auto t = read_book_time((*rows)[0].timestamp);
    REQUIRE(t);
    CHECK(t->whole_seconds() == 1755834303);  // 2025-08-22T03:45:03Z
    CHECK_FALSE(read_book_time("2025-08-22 09:15:03"));
}

TEST_CASE("the books' and cancelorder's bodies") {
    CHECK(encode_key_only("k") == R"({"apikey":"k"})");
    CHECK(encode_cancelorder("k", "S1", "9") == R"({"apikey":"k","strategy":"S1","orderid":"9"})");
    CHECK(order_status_from_word("COMPLETE") == vocab::OrderStatus::Complete);
    CHECK(order_status_from_word("nonsense") == vocab::OrderStatus::Unknown);
}

TEST_CASE("positionbook rows: strings or numbers, closed rows kept at 0, unreadable rows skipped") {
    std::string why;
    const auto rows = read_positionbook(200, R"({"status":"success","data":[
        {"symbol":"SBIN","exchange":"NSE","product":"MIS","quantity":"-65","average_price":"812.45","ltp":"810.00","pnl":"159.25"},
        {"symbol":"INFY","exchange":"NSE","product":"CNC","quantity":10,"average_price":1500.5,"pnl":-3},
        {"symbol":"TCS","exchange":"NSE","product":"MIS","quantity":"0","average_price":"0","pnl":"12.50"},
        {"symbol":"X","exchange":"NSE","product":"BO","quantity":"1"},
        {"symbol":"Y","exchange":"NSE","product":"MIS","quantity":"1.5"}]})",
                                        why);
    REQUIRE(rows);
    REQUIRE(rows->size() == 3);
    CHECK((*rows)[0].symbol == "SBIN");
    CHECK((*rows)[0].quantity == -65);
    CHECK((*rows)[0].average_price == money::Paise{81245});
    CHECK((*rows)[0].pnl == money::Paise{15925});
    CHECK((*rows)[1].product == vocab::Product::Cnc);
    CHECK((*rows)[1].quantity == 10);
    CHECK((*rows)[2].quantity == 0);
    CHECK(read_positionbook(200, R"({"status":"success","data":null})", why)->empty());
    CHECK_FALSE(read_positionbook(403, R"({"status":"error","message":"Invalid openalgo apikey"})", why));
    CHECK(why == "HTTP 403: Invalid openalgo apikey");
    CHECK_FALSE(read_positionbook(200, R"({"status":"success","data":{}})", why));
}

TEST_CASE("a book's price beyond any price reads as no price, in every book") {
    // 1e300 rupees turned into paise overflowed (llround's result unspecified: INT64_MIN here).
    std::string why;
    const auto orders = read_orderbook(
        200,
        R"({"status":"success","data":{"orders":[{"action":"BUY","symbol":"SBIN","exchange":"NSE","orderid":"9",)"
        R"("product":"MIS","quantity":65,"price":1e300,"trigger_price":"1e300","pricetype":"LIMIT",)"
        R"("order_status":"open","timestamp":"22-Aug-2025 09:15:03"}],"statistics":{}}})",
        why);
    REQUIRE(orders);
    REQUIRE(orders->size() == 1);
    CHECK((*orders)[0].price == money::Paise{});
    CHECK((*orders)[0].trigger_price == money::Paise{});
    const auto trades = read_tradebook(
        200,
        R"({"status":"success","data":[{"action":"BUY","symbol":"SBIN","exchange":"NSE","orderid":"9",)"
        R"("product":"MIS","quantity":65,"average_price":"-1e300","timestamp":"22-Aug-2025 09:15:03"}]})",
        why);
    REQUIRE(trades);
    REQUIRE(trades->size() == 1);
    CHECK((*trades)[0].price == money::Paise{});
}
