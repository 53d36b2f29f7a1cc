#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "time/civil.hpp"
#include "yahoo/chart_request.hpp"
#include "yahoo/yahoo_names.hpp"

using namespace sos;
using namespace sos::yahoo;

namespace {

time::Timestamp day(int y, int m, int d, int h = 10, int min = 0) {
    return time::kIndia.at(time::Date{y, m, d}, h * 3600 + min * 60);
}

}  // namespace

TEST_CASE("Yahoo names: the shipped table knows the indices and the equities' suffixes") {
    const YahooNames names = YahooNames::shipped();
    REQUIRE(names.lookup("NIFTY", "NSE_INDEX").name == "^NSEI");
    REQUIRE(names.lookup("BANKNIFTY", "NSE_INDEX").name == "^NSEBANK");
    REQUIRE(names.lookup("INDIAVIX", "NSE_INDEX").name == "^INDIAVIX");
    REQUIRE(names.lookup("FINNIFTY", "NSE_INDEX").name == "NIFTY_FIN_SERVICE.NS");
    REQUIRE(names.lookup("SENSEX", "BSE_INDEX").name == "^BSESN");
    REQUIRE(names.lookup("SBIN", "NSE").name == "SBIN.NS");
    REQUIRE(names.lookup("M&M", "NSE").name == "M&M.NS");
    REQUIRE(names.lookup("SBIN", "BSE").name == "SBIN.BO");
}

TEST_CASE("Yahoo names: options, futures and unknown indices are refused with the reason") {
    const YahooNames names = YahooNames::shipped();
    YahooName option = names.lookup("NIFTY26AUG2524800CE", "NFO");
    REQUIRE_FALSE(option.name);
    REQUIRE(option.refusal == "NFO:NIFTY26AUG2524800CE: Yahoo Finance carries no NFO instruments");
    REQUIRE_FALSE(names.lookup("CRUDEOIL19SEP25FUT", "MCX").name);
    YahooName index = names.lookup("NIFTYIT", "NSE_INDEX");
    REQUIRE_FALSE(index.name);
    REQUIRE(index.refusal ==
            "NSE_INDEX:NIFTYIT: no Yahoo Finance name is known (add a line 'NSE_INDEX:NIFTYIT YAHOO_NAME' "
            "to the Yahoo names file)");
    REQUIRE_FALSE(names.lookup("X", "NSE_CD").name);
}

TEST_CASE("Yahoo names: a user's file is laid over the shipped table") {
    YahooNames names = YahooNames::shipped();
    names.overlay(
        YahooNames::parse("NSE_INDEX:NIFTYIT ^CNXIT   # an index the table lacks\n"
                          "NSE_INDEX:NIFTY   ^NSEI\n"
                          "NSE:TATAMOTORS    TATAMOTORS-X.NS\n"
                          "BSE:*             none\n",
                          "mine.txt"));
    REQUIRE(names.lookup("NIFTYIT", "NSE_INDEX").name == "^CNXIT");
    REQUIRE(names.lookup("TATAMOTORS", "NSE").name == "TATAMOTORS-X.NS");
    REQUIRE(names.lookup("SBIN", "NSE").name == "SBIN.NS");
    REQUIRE_FALSE(names.lookup("SBIN", "BSE").name);

    const std::string path = "yahoo_names_test_file.txt";
    std::ofstream(path) << "NSE_INDEX:NIFTYMETAL ^CNXMETAL\n";
    REQUIRE(YahooNames::from_option(path).lookup("NIFTYMETAL", "NSE_INDEX").name == "^CNXMETAL");
    REQUIRE(YahooNames::from_option("").lookup("NIFTY", "NSE_INDEX").name == "^NSEI");
    std::remove(path.c_str());
    REQUIRE_THROWS_WITH(YahooNames::load_file("no-such-yahoo-names.txt"),
                        "no-such-yahoo-names.txt: cannot read the Yahoo names file");
}

TEST_CASE("Yahoo names: a bad line is refused naming the file and the line") {
    auto refused = [](const char* text) {
        try {
            YahooNames::parse(text, "names.txt");
        } catch (const NamesError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    REQUIRE(refused("\nNIFTY ^NSEI\n") == "names.txt:2: 'NIFTY': expected EXCHANGE:SYMBOL");
    REQUIRE(refused("NSE_INDEX:NIFTY\n") == "names.txt:1: expected 'EXCHANGE:SYMBOL YAHOO_NAME' (two words)");
    REQUIRE(refused("nse:SBIN SBIN.NS") ==
            "names.txt:1: 'nse': not an exchange code (NSE, NSE_INDEX, BSE, ...)");
    REQUIRE(refused("NSE:* NS") == "names.txt:1: an exchange rule wants a suffix (.NS) or 'none', not 'NS'");
    REQUIRE(refused("NSE: SBIN.NS") == "names.txt:1: 'NSE:': no symbol after the exchange");
    REQUIRE(refused("NSE:SBIN SBIN/NS") == "names.txt:1: 'SBIN/NS': not a Yahoo name");
}

TEST_CASE("Yahoo chart requests: the interval, the span and browser-like headers") {
    const time::Timestamp now = day(2025, 8, 22);
    ChartUrl u = chart_request(kDefaultBase, ChartRequest{"^NSEI", time::kOneMinute, "1d", {}, {}}, now);
    REQUIRE(u.request);
    REQUIRE(u.request->url ==
            "https://query1.finance.yahoo.com/v8/finance/chart/"
            "%5ENSEI?interval=1m&range=1d&includePrePost=false");
    bool has_agent = false;
    for (const auto& [name, value] : u.request->headers)
        has_agent = has_agent || (name == "User-Agent" && value.rfind("Mozilla/5.0", 0) == 0);
    REQUIRE(has_agent);

    ChartRequest period{"M&M.NS", *time::parse_timeframe("5m"), "", day(2025, 8, 18, 9, 15),
                        day(2025, 8, 22, 15, 30)};
    u = chart_request("http://127.0.0.1:8123", period, now);
    REQUIRE(u.request);
    REQUIRE(u.request->url == "http://127.0.0.1:8123/v8/finance/chart/M%26M.NS?interval=5m&period1=" +
                                  std::to_string(period.from->whole_seconds()) + "&period2=" +
                                  std::to_string(period.to->whole_seconds()) + "&includePrePost=false");
    REQUIRE(chart_request(kDefaultBase, ChartRequest{"^NSEI", time::Timeframe{3600}, "1y", {}, {}}, now)
                .request->url.find("interval=60m&range=1y") != std::string::npos);
    REQUIRE(chart_request(kDefaultBase, ChartRequest{"^NSEI", time::kDaily, "max", {}, {}}, now).request);
    REQUIRE(interval_of(*time::parse_timeframe("90m")) == "90m");
    REQUIRE_FALSE(interval_of(*time::parse_timeframe("3m")));
}

TEST_CASE("Yahoo chart requests: what Yahoo would refuse is refused first, in its terms") {
    const time::Timestamp now = day(2025, 8, 22);
    auto refusal = [&](ChartRequest r) {
        ChartUrl u = chart_request(kDefaultBase, r, now);
        REQUIRE_FALSE(u.request);
        return u.refusal;
    };
    REQUIRE(refusal({"^NSEI", *time::parse_timeframe("3m"), "1d", {}, {}}) ==
            "Yahoo Finance has no 3m bars (it offers 1m 2m 5m 15m 30m 60m 90m 1d): ask for 1m and resample");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "1mo", {}, {}}) ==
            "range 1mo is too long: 1m bars reach back 30 days, at most 7 days a request");
    REQUIRE(refusal({"^NSEI", *time::parse_timeframe("5m"), "3mo", {}, {}}) ==
            "range 3mo is too long: 5m bars reach back 60 days");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "2d", {}, {}}) ==
            "range '2d' is not Yahoo's (1d 5d 1mo 3mo 6mo 1y 2y 5y 10y ytd max)");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "", day(2025, 8, 11), day(2025, 8, 22)}) ==
            "the period is too long: 1m bars reach back 30 days, at most 7 days a request");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "", day(2025, 7, 1), day(2025, 7, 3)}) ==
            "the period starts too far back: 1m bars reach back 30 days, at most 7 days a request");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "", day(2025, 8, 22), day(2025, 8, 21)}) ==
            "a period needs a start before its end");
    REQUIRE(refusal({"^NSEI", time::kOneMinute, "1d", day(2025, 8, 21), day(2025, 8, 22)}) ==
            "ask for a range or a period, not both");
    REQUIRE(refusal({"", time::kOneMinute, "1d", {}, {}}) == "no Yahoo Finance name to ask for");
}
