#include <catch2/catch.hpp>

#include <simdjson.h>

#include <set>

#include "openalgo/rest_events.hpp"
#include "openalgo/rest_requests.hpp"

using namespace sos;
using namespace sos::openalgo;

namespace {

const std::string kKey = "dummy-key-0123456789abcdef";

// The body's keys, to hold each request to exactly the documented fields.
std::set<std::string> keys_of(const std::string& body) {
    simdjson::dom::parser p;
    std::set<std::string> out;
    for (auto [k, v] : p.parse(body).get_object())
        out.emplace(k);
    return out;
}

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

// 2024-01-08 (a Monday) at hh:mm IST.
time::Timestamp at(int h, int m) {
    return cal().zone().at(time::Date{2024, 1, 8}, h * 3600 + m * 60);
}

}  // namespace

TEST_CASE("request bodies carry exactly the documented fields") {
    std::vector<Instrument> list = {{"NIFTY", "NSE_INDEX"}, {"SBIN", "NSE"}};
    HistoryRequest h{"SBIN", "NSE", "1m", time::Date{2024, 1, 8}, time::Date{2024, 1, 8}, {}};
    REQUIRE(encode_history(kKey, h) ==
            R"({"apikey":"dummy-key-0123456789abcdef","symbol":"SBIN","exchange":"NSE","interval":"1m",)"
            R"("start_date":"2024-01-08","end_date":"2024-01-08"})");
    h.source = "db";
    REQUIRE(keys_of(encode_history(kKey, h)) == std::set<std::string>{"apikey", "symbol", "exchange",
                                                                      "interval", "start_date", "end_date",
                                                                      "source"});
    REQUIRE(keys_of(encode_quotes(kKey, "SBIN", "NSE")) ==
            std::set<std::string>{"apikey", "symbol", "exchange"});
    REQUIRE(encode_multiquotes(kKey, list) ==
            R"({"apikey":"dummy-key-0123456789abcdef","symbols":[{"symbol":"NIFTY","exchange":"NSE_INDEX"},)"
            R"({"symbol":"SBIN","exchange":"NSE"}]})");
    REQUIRE(
        encode_expiry(kKey, "NIFTY", "NFO", InstrumentType::Options) ==
        R"({"apikey":"dummy-key-0123456789abcdef","symbol":"NIFTY","exchange":"NFO","instrumenttype":"options"})");
    OptionChainRequest c{"NIFTY", "NSE_INDEX", time::Date{2026, 8, 25}, {}, {}, {}};
    REQUIRE(
        encode_optionchain(kKey, c) ==
        R"({"apikey":"dummy-key-0123456789abcdef","underlying":"NIFTY","exchange":"NSE_INDEX","expiry_date":"25AUG26"})");
    c.strike_count = 10;
    c.with_greeks = true;
    c.interest_rate = 6.5;
    REQUIRE(keys_of(encode_optionchain(kKey, c)) == std::set<std::string>{"apikey", "underlying", "exchange",
                                                                          "expiry_date", "strike_count",
                                                                          "with_greeks", "interest_rate"});
    REQUIRE(encode_intervals(kKey) == R"({"apikey":"dummy-key-0123456789abcdef"})");
}

TEST_CASE("history rows: epoch seconds, lenient numbers, bad rows named and left out") {
    auto r = parse_history(
        200,
        R"({"status":"success","data":[)"
        R"({"timestamp":1704685500,"open":100,"high":101,"low":99.5,"close":100.5,"volume":1200,"oi":0},)"
        R"({"timestamp":"1704685560","open":"100.5","high":"102","low":"100","close":"101","volume":"900","oi":5},)"
        R"({"timestamp":1704685620,"open":100,"high":99,"low":101,"close":100,"volume":1},)"
        R"({"timestamp":1704685680,"open":100,"high":101,"low":99,"volume":1},)"
        R"({"timestamp":"2024-01-08 09:19:00","open":1,"high":1,"low":1,"close":1,"volume":1},)"
        R"({"timestamp":1704685740,"open":{"x":1},"high":1,"low":1,"close":1,"volume":1},)"
        R"({"timestamp":1704685800000,"open":100,"high":100,"low":100,"close":100,"volume":0}]})");
    REQUIRE(r.ok());
    const auto& rows = r.value->rows;
    REQUIRE(rows.size() == 3);
    REQUIRE(rows[0].t == time::Timestamp::from_seconds(1704685500));
    REQUIRE(rows[0].oi == 0);
    REQUIRE(rows[1].c == 101);
    REQUIRE(rows[1].v == 900);
    REQUIRE(rows[2].t == time::Timestamp::from_seconds(1704685800));  // milliseconds by magnitude
    const auto& bad = r.value->bad_rows;
    REQUIRE(bad.size() == 4);
    REQUIRE(bad[0] == "data[2]: high < low");
    REQUIRE(bad[1] == "data[3]: field 'close': missing or not a number");
    REQUIRE(bad[2] == "data[4]: field 'timestamp': missing or not an epoch time");
    REQUIRE(bad[3] == "data[5]: field 'open': missing or not a number");
}

TEST_CASE("the error envelope, whatever the endpoint writes in it") {
    // /history's validation: the message is a dict.
    auto h = parse_history(400, R"({"status":"error","message":{"interval":["Must be one of: 1m, 5m."]}})");
    REQUIRE_FALSE(h.ok());
    REQUIRE(h.error.kind == RestErrorKind::BadRequest);
    REQUIRE(h.error.message == R"({"interval":["Must be one of: 1m, 5m."]})");
    // /optionchain's validation: a message and an errors dict.
    auto c = parse_optionchain(
        400, R"({"status":"error","message":"Validation error","errors":{"foo":["Unknown field."]}})");
    REQUIRE(c.error.kind == RestErrorKind::BadRequest);
    REQUIRE(c.error.message == R"(Validation error {"foo":["Unknown field."]})");
    // 429 with retry_after in the body (no header).
    auto q = parse_quotes(
        429,
        R"({"status":"error","message":"Rate limit exceeded. Please slow down your requests.","retry_after":60})");
    REQUIRE(q.error.kind == RestErrorKind::RateLimited);
    REQUIRE(q.error.retry_after_s == 60);
    REQUIRE(
        q.error.describe() ==
        "HTTP 429 (rate limited): Rate limit exceeded. Please slow down your requests.; retry after 60 s");
    REQUIRE(parse_quotes(403, R"({"status":"error","message":"Invalid openalgo apikey"})").error.kind ==
            RestErrorKind::Forbidden);
    REQUIRE(parse_quotes(404, R"({"status":"error","message":"Symbol not found"})").error.kind ==
            RestErrorKind::NotFound);
    REQUIRE(parse_quotes(500, R"({"status":"error","message":"An unexpected error occurred"})").error.kind ==
            RestErrorKind::ServerFault);
    REQUIRE(parse_quotes(502, "<html>Bad Gateway</html>").error.kind == RestErrorKind::ServerFault);
    REQUIRE(parse_quotes(418, R"({"status":"error","message":"broker says no"})").error.kind ==
            RestErrorKind::Rejected);
    // 200 with an error status: the broker refused.
    auto rej = parse_quotes(200, R"({"status":"error","message":"Token expired","mode":"live"})");
    REQUIRE(rej.error.kind == RestErrorKind::Rejected);
    REQUIRE(rej.error.message == "Token expired");
    // 200 that is not the endpoint's answer.
    auto no_data = parse_quotes(200, R"({"status":"success"})");
    REQUIRE(no_data.error.kind == RestErrorKind::Malformed);
    REQUIRE(no_data.error.message == "field 'data': missing");
    auto not_json = parse_quotes(200, "<html>");
    REQUIRE(not_json.error.kind == RestErrorKind::Malformed);
    REQUIRE(not_json.error.message.rfind("not JSON", 0) == 0);
    REQUIRE(parse_quotes(200, R"({"data":{"ltp":1}})").error.message == "no status in the answer");
    REQUIRE(parse_quotes(200, R"({"status":"success","data":{"ltp":"x"}})").error.message ==
            "field 'data.ltp': not a number");
}

TEST_CASE("quotes and multiquotes, with per-item errors") {
    auto q =
        parse_quotes(200, R"({"status":"success","data":{"open":810,"high":"815.2","low":808,"ltp":812.4,)"
                          R"("ask":812.45,"bid":812.4,"prev_close":805.5,"volume":1250000}})");
    REQUIRE(q.ok());
    REQUIRE(q.value->high == 815.2);
    REQUIRE(q.value->ltp == 812.4);
    REQUIRE_FALSE(q.value->oi);  // not sent: absent
    auto m = parse_multiquotes(
        200, R"({"status":"success","results":[)"
             R"({"symbol":"SBIN","exchange":"NSE","data":{"ltp":812.4,"volume":"1250000","oi":0}},)"
             R"({"symbol":"NOPE","exchange":"NSE","error":"Symbol not found"}]})");
    REQUIRE(m.ok());
    REQUIRE(m.value->size() == 2);
    REQUIRE((*m.value)[0].quote->volume == 1250000);
    REQUIRE((*m.value)[0].quote->oi == 0);
    REQUIRE_FALSE((*m.value)[1].quote);
    REQUIRE((*m.value)[1].error == "Symbol not found");
}

TEST_CASE("expiries and intervals") {
    auto e = parse_expiry(
        200, R"({"status":"success","message":"Found 2 expiry dates","data":["17-JUL-25","10-JUL-25"]})");
    REQUIRE(e.ok());
    REQUIRE(*e.value == std::vector<time::Date>{{2025, 7, 10}, {2025, 7, 17}});
    auto bad = parse_expiry(200, R"({"status":"success","data":["10-JUL-25","soon"]})");
    REQUIRE(bad.error.kind == RestErrorKind::Malformed);
    REQUIRE(bad.error.message == "field 'data[1]': not an expiry date (DD-MMM-YY)");
    auto i = parse_intervals(200, R"({"status":"success","data":{"seconds":[],"minutes":["1m","3m","5m"],)"
                                  R"("hours":["1h"],"days":["D"],"weeks":[],"months":[]}})");
    REQUIRE(i.ok());
    REQUIRE(i.value->offers("5m"));
    REQUIRE(i.value->offers("D"));
    REQUIRE_FALSE(i.value->offers("2m"));
}

TEST_CASE("option chain into the contract's OPTION_CHAIN") {
    auto r = parse_optionchain(
        200,
        R"({"status":"success","underlying":"NIFTY","underlying_ltp":24250.5,"underlying_prev_close":24100,)"
        R"("expiry_date":"30DEC25","expiry_ts":1767088800,"server_ts":1767000000,"atm_strike":24250.0,)"
        R"("quotes_included":true,"greeks_included":true,"forward_price":24260.1,"chain":[)"
        R"({"strike":24200,"ce":{"symbol":"NIFTY30DEC2524200CE","label":"ITM1","ltp":180.5,"bid":180,"ask":181,)"
        R"("volume":120000,"oi":"2500000","lotsize":65,"tick_size":0.05,"implied_volatility":12.5,"delta":0.56},)"
        R"("pe":{"symbol":"NIFTY30DEC2524200PE","label":"OTM1","ltp":95.25,"oi":3100000,"lotsize":65}},)"
        R"({"strike":24300,"ce":{"symbol":"NIFTY30DEC2524300CE","label":"OTM1","ltp":120,"oi":1800000},"pe":null}]})");
    REQUIRE(r.ok());
    REQUIRE(r.value->chain.size() == 2);
    REQUIRE(r.value->chain[0].ce->label == "ITM1");
    REQUIRE_FALSE(r.value->chain[1].pe);
    auto e = option_chain_event(*r.value, "NSE_INDEX", at(10, 0), "openalgo-rest:zerodha");
    REQUIRE(e);
    REQUIRE(e->env.kind == event::Kind::OptionChain);
    REQUIRE(e->env.symbol == "NIFTY");
    REQUIRE(e->env.exchange == "NSE_INDEX");
    REQUIRE(e->env.src == "openalgo-rest:zerodha");
    REQUIRE(e->time() == at(10, 0));
    const auto& ch = *e->as<event::OptionChain>();
    REQUIRE(ch.expiry == time::Date{2025, 12, 30});
    REQUIRE(ch.spot == 24250.5);
    REQUIRE(ch.lot_size == 65);
    REQUIRE(ch.strikes.size() == 2);
    REQUIRE(ch.strikes[0].has_ce);
    REQUIRE(ch.strikes[0].ce.iv == Approx(0.125));  // percent to fraction
    REQUIRE(ch.strikes[0].ce.delta == 0.56);
    REQUIRE(ch.strikes[0].ce.oi == 2500000);
    REQUIRE_FALSE(ch.strikes[0].pe.iv);
    REQUIRE_FALSE(ch.strikes[1].has_pe);
    // No expiry: no canonical chain.
    r.value->expiry.reset();
    REQUIRE_FALSE(option_chain_event(*r.value, "NSE_INDEX", at(10, 0), "x"));
    // A chain entry without a strike is refused by name.
    auto bad = parse_optionchain(200, R"({"status":"success","chain":[{"ce":null}]})");
    REQUIRE(bad.error.message == "field 'chain[0].strike': missing");
}

TEST_CASE("history rows into candles: closed bars only, daily rows at the session open") {
    std::vector<HistoryRow> rows = {
        {at(9, 14), 1, 1, 1, 1, 1, {}},  // pre-open: outside the session
        {at(9, 15), 100, 101, 99, 100.5, 10, {}},
        {at(9, 16), 100.5, 102, 100, 101, 20, 7.0},
        {at(9, 17), 101, 101, 101, 101, 5, {}},  // still forming at 09:17:30
    };
    std::vector<event::Event> out;
    CandleSeries s{"SBIN", "NSE", "openalgo-rest:zerodha", time::kOneMinute, true};
    auto n = history_to_candles(rows, s, cal(), at(9, 17).plus_seconds(30), out);
    REQUIRE(out.size() == 2);
    REQUIRE(n.outside_session == 1);
    REQUIRE(n.still_open == 1);
    REQUIRE(out[0].time() == at(9, 15));
    REQUIRE(out[0].env.hist);
    REQUIRE(out[0].env.src == "openalgo-rest:zerodha");
    REQUIRE(out[1].as<event::Candle>()->oi == 7.0);
    // A daily row dated midnight IST is the session from 09:15.
    out.clear();
    std::vector<HistoryRow> daily = {{cal().zone().at(time::Date{2024, 1, 5}, 0), 1, 2, 0.5, 1.5, 100, {}}};
    history_to_candles(daily, CandleSeries{"SBIN", "NSE", "x", time::kDaily, true}, cal(), at(9, 15), out);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == cal().zone().at(time::Date{2024, 1, 5}, 9 * 3600 + 15 * 60));
}

TEST_CASE("the API key appears in a request body and nowhere in an error") {
    // Error descriptions come from the answer only; a request never reaches them.
    for (auto body : {std::string("not json"),
                      std::string(R"({"status":"error","message":"Invalid openalgo apikey"})")}) {
        auto r = parse_history(403, body);
        REQUIRE(r.error.describe().find(kKey) == std::string::npos);
    }
}
