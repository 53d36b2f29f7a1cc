#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "event/encoder.hpp"
#include "yahoo/chart_answer.hpp"
#include "yahoo/chart_candles.hpp"

using namespace sos;
using namespace sos::yahoo;

namespace {

std::string recorded(const std::string& name) {
    std::ifstream in(std::string(SOS_SOURCE_DIR) + "/tests/recorded/yahoo/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const time::Calendar& cal() {
    static const time::Calendar c = time::Calendar::nse_default();
    return c;
}

// hh:mm:ss IST on 2025-08-22 (a Friday), the recorded answers' day.
time::Timestamp at(int h, int m, int s = 0) {
    return cal().zone().at(time::Date{2025, 8, 22}, h * 3600 + m * 60 + s);
}

std::string lines(const std::vector<event::Event>& events) {
    std::string out;
    for (const auto& e : events)
        event::encode(e, out);
    return out;
}

ChartAnswer answer(const std::string& body) {
    ChartResult r = parse_chart(200, body);
    INFO(r.error.describe());
    REQUIRE(r.ok());
    return *r.value;
}

// A one-symbol 1m answer with these rows (each "t,o,h,l,c,v", "null" allowed).
std::string chart_body(const std::vector<std::string>& rows, const std::string& granularity = "1m") {
    std::string cols[6];
    for (const auto& row : rows) {
        std::stringstream ss(row);
        std::string cell;
        for (int i = 0; i < 6 && std::getline(ss, cell, ','); ++i)
            cols[i] += (cols[i].empty() ? "" : ",") + cell;
    }
    return R"({"chart":{"result":[{"meta":{"symbol":"SBIN.NS","priceHint":2,"dataGranularity":")" +
           granularity + R"("},"timestamp":[)" + cols[0] + R"(],"indicators":{"quote":[{"open":[)" + cols[1] +
           "],\"high\":[" + cols[2] + "],\"low\":[" + cols[3] + "],\"close\":[" + cols[4] + "],\"volume\":[" +
           cols[5] + "]}]}}],\"error\":null}}";
}

std::string t(int h, int m, int s = 0) {
    return std::to_string(at(h, m, s).whole_seconds());
}

const ChartSeries kSbin{"SBIN", "NSE", "yahoo", time::kOneMinute, false};

}  // namespace

TEST_CASE("Yahoo chart: a recorded 1m answer for NIFTY is read whole") {
    ChartAnswer a = answer(recorded("nifty-1m.json"));
    REQUIRE(a.meta.symbol == "^NSEI");
    REQUIRE(a.meta.currency == "INR");
    REQUIRE(a.meta.instrument_type == "INDEX");
    REQUIRE(a.meta.exchange_timezone_name == "Asia/Kolkata");
    REQUIRE(a.meta.gmtoffset_s == 19800);
    REQUIRE(a.meta.data_granularity == "1m");
    REQUIRE(a.meta.price_hint == 2);
    REQUIRE(a.meta.regular_market_time == at(9, 24, 38));
    REQUIRE(a.meta.regular);
    REQUIRE(a.meta.regular->start == at(9, 15));
    REQUIRE(a.meta.regular->end == at(15, 30));
    REQUIRE(a.rows.size() == 11);
    REQUIRE(a.rows[0].t == at(9, 15));
    REQUIRE(*a.rows[0].o == Approx(24870.15).margin(0.001));
    REQUIRE(a.rows[0].v == 0.0);
    REQUIRE(a.rows[10].t == at(9, 24, 38));
}

TEST_CASE("Yahoo chart: closed bars become CANDLEs; the forming bar and Yahoo's live row do not") {
    ChartAnswer a = answer(recorded("nifty-1m.json"));
    std::vector<event::Event> out;
    ChartConversion n =
        chart_to_candles(a, ChartSeries{"NIFTY", "NSE_INDEX", "yahoo", time::kOneMinute, false}, cal(),
                         at(9, 24, 40), ChartOptions{}, out);
    REQUIRE(n.refusal.empty());
    REQUIRE(n.bad_rows.empty());
    REQUIRE(n.candles == 9);
    REQUIRE(n.forming == 1);  // 09:24, its live row folded in
    REQUIRE(n.merged == 1);
    REQUIRE(out.size() == 9);
    std::string text = lines(out);
    // Prices come back to the paisa from Yahoo's 32-bit floats; an index trades no volume.
    REQUIRE(text.rfind(R"({"type":"CANDLE","timestamp":1755834300,"symbol":"NIFTY","exchange":"NSE_INDEX",)"
                       R"("tf":"1m","o":24870.15,"h":24885.4,"l":24861.05,"c":24880.75,"v":0,"src":"yahoo"})"
                       "\n",
                       0) == 0);
    REQUIRE(out.back().time() == at(9, 23));
    REQUIRE(out.back().as<event::Candle>()->c == 24874.55);

    // Asked once 09:24 has settled, the bar is there with the live row's close.
    out.clear();
    n = chart_to_candles(a, ChartSeries{"NIFTY", "NSE_INDEX", "yahoo", time::kOneMinute, false}, cal(),
                         at(9, 25, 6), ChartOptions{}, out);
    REQUIRE(n.candles == 10);
    REQUIRE(n.forming == 0);
    const auto& last = *out.back().as<event::Candle>();
    REQUIRE(out.back().time() == at(9, 24));
    REQUIRE(last.o == 24874.2);
    REQUIRE(last.c == 24877.1);
    REQUIRE(last.h == 24879.9);
}

TEST_CASE("Yahoo chart: a bar is closed only `settle_s` after its end") {
    ChartAnswer a = answer(recorded("nifty-1m.json"));
    std::vector<event::Event> out;
    ChartSeries s{"NIFTY", "NSE_INDEX", "yahoo", time::kOneMinute, false};
    REQUIRE(chart_to_candles(a, s, cal(), at(9, 24, 4), ChartOptions{5, true}, out).candles == 8);
    out.clear();
    REQUIRE(chart_to_candles(a, s, cal(), at(9, 24, 5), ChartOptions{5, true}, out).candles == 9);
    out.clear();
    REQUIRE(chart_to_candles(a, s, cal(), at(9, 24, 0), ChartOptions{0, true}, out).candles == 9);
}

TEST_CASE("Yahoo chart: minutes without a trade are gap bars after the session's first trade") {
    ChartAnswer a = answer(recorded("sbin-1m-nulls.json"));
    REQUIRE(a.rows.size() == 7);
    REQUIRE_FALSE(a.rows[2].o);
    REQUIRE_FALSE(a.rows[2].v);
    std::vector<event::Event> out;
    ChartConversion n = chart_to_candles(a, kSbin, cal(), at(10, 5, 30), ChartOptions{}, out);
    REQUIRE(n.candles == 6);
    REQUIRE(n.no_trade == 2);
    REQUIRE(n.gap_bars == 2);
    REQUIRE(n.forming == 1);
    REQUIRE(lines({out[2], out[3]}) ==
            R"({"type":"CANDLE","timestamp":1755837060,"symbol":"SBIN","exchange":"NSE","tf":"1m",)"
            R"("o":811.95,"h":811.95,"l":811.95,"c":811.95,"v":0,"gap":true,"src":"yahoo"})"
            "\n"
            R"({"type":"CANDLE","timestamp":1755837120,"symbol":"SBIN","exchange":"NSE","tf":"1m",)"
            R"("o":811.95,"h":811.95,"l":811.95,"c":811.95,"v":0,"gap":true,"src":"yahoo"})"
            "\n");
    REQUIRE(out[0].as<event::Candle>()->v == 48211);

    // As /history gives them (for LiveCandles::take_history): no bar for a minute without a trade.
    out.clear();
    n = chart_to_candles(a, kSbin, cal(), at(10, 5, 30), ChartOptions{5, false}, out);
    REQUIRE(n.candles == 4);
    REQUIRE(n.no_trade == 2);
    REQUIRE(n.gap_bars == 0);
}

TEST_CASE("Yahoo chart: nothing before the session's first trade is invented") {
    std::vector<event::Event> out;
    ChartConversion n = chart_to_candles(
        answer(chart_body({t(9, 15) + ",null,null,null,null,null", t(9, 16) + ",800,801,799.5,800.5,100"})),
        kSbin, cal(), at(9, 30), ChartOptions{}, out);
    REQUIRE(n.no_trade == 1);
    REQUIRE(n.gap_bars == 0);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(9, 16));
}

TEST_CASE("Yahoo chart: a row dated inside a bar is folded into it as yfinance folds it") {
    std::vector<event::Event> out;
    ChartConversion n = chart_to_candles(answer(chart_body({
                                             t(9, 20) + ",800,801,799.5,800.5,100",
                                             t(9, 20, 59) + ",800.6,802,800.6,801.5,40",
                                             t(9, 21) + ",801.5,801.5,801,801,10",
                                         })),
                                         kSbin, cal(), at(9, 30), ChartOptions{}, out);
    REQUIRE(n.merged == 1);
    REQUIRE(out.size() == 2);
    const auto& k = *out[0].as<event::Candle>();
    REQUIRE(k.o == 800);
    REQUIRE(k.h == 802);
    REQUIRE(k.l == 799.5);
    REQUIRE(k.c == 801.5);
    REQUIRE(k.v == 140);
}

TEST_CASE("Yahoo chart: rows that cannot be bars are named and left out, the others kept") {
    std::vector<event::Event> out;
    ChartConversion n = chart_to_candles(answer(chart_body({
                                             t(9, 20) + ",800,801,799.5,800.5,100",
                                             t(9, 21) + ",800,799,801,800,100",
                                             t(9, 22) + ",800,null,799,800,100",
                                             "null,800,801,799,800,100",
                                             t(9, 23) + ",0,0,0,0,0",
                                             t(9, 19) + ",800,801,799,800,100",
                                             t(9, 24) + ",800,801,799,800,-5",
                                             t(9, 25) + ",800,801,799,800,null",
                                         })),
                                         kSbin, cal(), at(9, 30), ChartOptions{}, out);
    REQUIRE(n.bad_rows == std::vector<std::string>{
                              "row 1 at 09:21: high < low",
                              "row 2 at 09:22: some prices null, not all",
                              "row 3: no timestamp",
                              "row 4 at 09:23: a price of zero or below",
                              "row 5 at 09:19: dated before the row above it",
                              "row 6 at 09:24: negative volume",
                          });
    REQUIRE(out.size() == 2);
    REQUIRE(out[1].time() == at(9, 25));
    REQUIRE(out[1].as<event::Candle>()->v == 0);  // a null volume beside prices: none traded
}

TEST_CASE("Yahoo chart: rows outside the session are counted, not placed") {
    std::vector<event::Event> out;
    ChartConversion n = chart_to_candles(answer(chart_body({
                                             t(9, 8) + ",800,801,799.5,800.5,100",
                                             t(15, 29) + ",800,801,799.5,800.5,100",
                                             t(15, 30) + ",800,800,800,800,900",
                                         })),
                                         kSbin, cal(), at(16, 0), ChartOptions{}, out);
    REQUIRE(n.outside_session == 2);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].time() == at(15, 29));
}

TEST_CASE("Yahoo chart: 5m and daily bars are stamped as sos anchors them") {
    std::vector<event::Event> out;
    ChartSeries five{"SBIN", "NSE", "yahoo", *time::parse_timeframe("5m"), false};
    chart_to_candles(
        answer(chart_body({t(9, 15) + ",800,801,799.5,800.5,100", t(9, 20) + ",800,802,800,801,50"}, "5m")),
        five, cal(), at(9, 25, 10), ChartOptions{}, out);
    REQUIRE(out.size() == 2);
    REQUIRE(out[1].time() == at(9, 20));
    REQUIRE(out[1].as<event::Candle>()->tf == *time::parse_timeframe("5m"));

    out.clear();
    ChartSeries daily{"SBIN", "NSE", "yahoo", time::kDaily, true};
    const std::string d21 =
        std::to_string(cal().zone().at(time::Date{2025, 8, 21}, 9 * 3600 + 15 * 60).whole_seconds());
    ChartConversion n = chart_to_candles(
        answer(
            chart_body({d21 + ",800,810,795,806.1,9000000", t(9, 15) + ",806,815,801,812.85,4000000"}, "1d")),
        daily, cal(), at(12, 0), ChartOptions{}, out);
    REQUIRE(out.size() == 1);  // today's is still forming
    REQUIRE(n.forming == 1);
    REQUIRE(out[0].time() == cal().zone().at(time::Date{2025, 8, 21}, 9 * 3600 + 15 * 60));
    REQUIRE(out[0].env.hist);

    // An answer of another interval than asked is not taken for it.
    out.clear();
    n = chart_to_candles(answer(chart_body({t(9, 15) + ",800,801,799.5,800.5,100"}, "5m")), kSbin, cal(),
                         at(10, 0), ChartOptions{}, out);
    REQUIRE(n.refusal == "Yahoo served 5m bars for 1m");
    REQUIRE(out.empty());
}

TEST_CASE("Yahoo chart: before the open there are no rows, and no error") {
    ChartAnswer a = answer(recorded("banknifty-before-open.json"));
    REQUIRE(a.rows.empty());
    REQUIRE(a.meta.symbol == "^NSEBANK");
    std::vector<event::Event> out;
    REQUIRE(chart_to_candles(a, ChartSeries{"BANKNIFTY", "NSE_INDEX", "yahoo", time::kOneMinute, false},
                             cal(), at(9, 0), ChartOptions{}, out)
                .candles == 0);
}

TEST_CASE("Yahoo chart: Yahoo's errors are typed, with its own words") {
    ChartResult r = parse_chart(404, recorded("not-found.json"));
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error.kind == ChartErrorKind::NotFound);
    REQUIRE(r.error.code == "Not Found");
    REQUIRE(r.error.describe() == "HTTP 404 (not found): No data found, symbol may be delisted");

    r = parse_chart(422, recorded("unprocessable.json"));
    REQUIRE(r.error.kind == ChartErrorKind::Refused);
    REQUIRE(r.error.message.find("Only 7 days worth of 1m granularity") != std::string::npos);

    r = parse_chart(401, recorded("unauthorized.json"));
    REQUIRE(r.error.kind == ChartErrorKind::Unauthorized);
    REQUIRE(r.error.code == "Unauthorized");

    r = parse_chart(429, recorded("too-many-requests.txt"));
    REQUIRE(r.error.kind == ChartErrorKind::RateLimited);
    REQUIRE(r.error.describe() == "HTTP 429 (rate limited): Too Many Requests");

    r = parse_chart(503, "<html><body>Service Unavailable</body></html>\n<p>more</p>");
    REQUIRE(r.error.kind == ChartErrorKind::ServerFault);
    REQUIRE(r.error.message == "<html><body>Service Unavailable</body></html>");

    // An error envelope with 200 is still an error, typed by its code.
    r = parse_chart(200, recorded("not-found.json"));
    REQUIRE(r.error.kind == ChartErrorKind::NotFound);
    REQUIRE(r.error.http_status == 200);
}

TEST_CASE("Yahoo chart: a body that is not a chart answer is Malformed, naming what is wrong") {
    auto malformed = [](const std::string& body) {
        ChartResult r = parse_chart(200, body);
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error.kind == ChartErrorKind::Malformed);
        return r.error.message;
    };
    REQUIRE(malformed("").rfind("not a chart answer: ", 0) == 0);
    REQUIRE(malformed("Too Many Requests").rfind("not a chart answer: ", 0) == 0);
    REQUIRE(malformed(R"({"chart":{"result":null,"error":null}})") == "no chart result in the answer");
    REQUIRE(malformed(R"({"chart":{"result":[],"error":null}})") == "no chart result in the answer");
    REQUIRE(malformed(R"([1,2])") == "not a chart answer: not an object");
    REQUIRE(
        malformed(R"({"chart":{"result":[{"timestamp":[1,2],"indicators":{"quote":[{"open":[1],"high":[1,2],)"
                  R"("low":[1,2],"close":[1,2]}]}}]}})") ==
        "not a chart answer: field 'indicators.quote[0].open': 1 values for 2 timestamps");
    REQUIRE(malformed(R"({"chart":{"result":[{"timestamp":[1755834300],"indicators":{"quote":[{"open":[1],)"
                      R"("high":[1],"low":[1]}]}}]}})") ==
            "not a chart answer: field 'indicators.quote[0].close': missing");
    REQUIRE(
        malformed(
            R"({"chart":{"result":[{"timestamp":[1755834300],"indicators":{"quote":[{"open":["x"]}]}}]}})") ==
        "not a chart answer: field 'indicators.quote[0].open[0]': not a number or null");
    REQUIRE(malformed(R"({"chart":{"result":[{"timestamp":[-5]}]}})") ==
            "not a chart answer: field 'timestamp[0]': not an epoch time");
    REQUIRE(malformed(R"({"chart":{"result":[{"meta":[]}]}})") ==
            "not a chart answer: field 'meta': not an object");
    REQUIRE(malformed(R"({"chart":{"result":[{}]}} x)") == "not a chart answer: text after the object");
}

TEST_CASE("Yahoo chart: every truncation of a recorded answer is refused, never a crash") {
    for (const char* name : {"nifty-1m.json", "sbin-1m-nulls.json", "not-found.json"}) {
        const std::string body = recorded(name);
        for (std::size_t cut = 0; cut + 1 < body.size(); ++cut) {
            ChartResult r = parse_chart(200, body.substr(0, cut));
            INFO(name << " cut at " << cut);
            REQUIRE_FALSE(r.ok());
            REQUIRE_FALSE(r.error.describe().empty());
        }
    }
}
