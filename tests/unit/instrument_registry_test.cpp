// The instrument registry: an underlying's terms reach its options and futures, a stock
// without an entry takes the equity default and a derivative never does, lot sizes learned
// from chains fill in, orders are sliced below the freeze quantity, and the shipped file and
// a user's file over it are read and checked.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "instrument/registry_file.hpp"
#include "instrument/symbology.hpp"

using namespace sos::instrument;
using sos::money::Paise;
using sos::vocab::Exchange;

namespace {

Registry nifty_and_stocks() {
    Registry r;
    r.set("NIFTY", Instrument{65, 1800, Paise{5}, Exchange::NseIndex});
    r.set("SENSEX", Instrument{20, 1000, Paise{5}, Exchange::BseIndex});
    r.set_equity_default(Instrument{1, 0, Paise{5}, Exchange::Nse});
    return r;
}

std::string write_temp(const std::string& text) {
    char path[] = "/tmp/sos-instruments-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    std::ofstream(path) << text;
    close(fd);
    return path;
}

std::string refusal(const std::string& text) {
    const auto path = write_temp(text);
    std::string what;
    try {
        load_registry(path);
    } catch (const sos::config::ConfigError& e) {
        what = e.what();
    }
    std::remove(path.c_str());
    return what;
}

}  // namespace

TEST_CASE("an option and a future take their underlying's lot, freeze quantity and tick") {
    const Registry r = nifty_and_stocks();
    for (const char* s : {"NIFTY", "NIFTY28NOV2424000CE", "NIFTY28NOV24FUT"}) {
        INFO(s);
        auto in = r.find(s);
        REQUIRE(in);
        CHECK(in->lot_size == 65);
        CHECK(in->freeze_qty == 1800);
        CHECK(in->tick == Paise{5});
    }
}

TEST_CASE("a stock without an entry takes the equity default, a derivative never does") {
    Registry r = nifty_and_stocks();
    REQUIRE(r.find("RELIANCE"));
    CHECK(r.find("RELIANCE")->lot_size == 1);
    CHECK_FALSE(r.find("RELIANCE28NOV241300CE"));  // a stock option's lot is never one share
    CHECK_FALSE(r.find("RELIANCE28NOV24FUT"));
    r.set_equity_default(std::nullopt);
    CHECK_FALSE(r.find("RELIANCE"));
}

TEST_CASE("a lot size learned from a chain fills in, and a configured one wins") {
    Registry r = nifty_and_stocks();
    CHECK_FALSE(r.find("BANKNIFTY24APR2447000PE"));  // nothing known yet: refused, never guessed
    r.learn_lot_size("BANKNIFTY", 30);
    REQUIRE(r.find("BANKNIFTY24APR2447000PE"));
    CHECK(r.find("BANKNIFTY24APR2447000PE")->lot_size == 30);
    CHECK(r.tick_of("BANKNIFTY24APR2447000PE") == kDefaultTick);
    r.learn_lot_size("NIFTY", 75);  // the chain's old lot: the configured 65 stands
    CHECK(r.find("NIFTY28NOV2424000CE")->lot_size == 65);
    r.learn_lot_size("FINNIFTY", 0);  // nothing learned from a zero
    CHECK_FALSE(r.find("FINNIFTY30APR2420000CE"));
}

TEST_CASE("a lot size learned from a chain applies to derivatives only, never to the stock") {
    // RELIANCE's chain carries the option lot (250): a cash order of 10 shares is no option.
    Registry r = nifty_and_stocks();
    r.learn_lot_size("RELIANCE", 250);
    CHECK(r.find("RELIANCE28NOV241300CE")->lot_size == 250);
    CHECK(r.find("RELIANCE28NOV24FUT")->lot_size == 250);
    REQUIRE(r.find("RELIANCE"));
    CHECK(r.find("RELIANCE")->lot_size == 1);  // the equity terms, as before the chain was seen
    r.set_equity_default(std::nullopt);
    CHECK_FALSE(r.find("RELIANCE"));  // unknown, not the option lot
}

TEST_CASE("a lot size learned from a chain tells nothing of the tick") {
    // sos-exec's one registry learns lots from the stream's chains and gives the paper broker its
    // ticks: a stock whose chain was seen keeps the equity terms' tick, not NSE's default.
    Registry r = nifty_and_stocks();
    r.set_equity_default(Instrument{1, 0, Paise{10}, Exchange::Nse});
    CHECK(r.tick_of("RELIANCE") == Paise{10});
    r.learn_lot_size("RELIANCE", 250);
    CHECK(r.tick_of("RELIANCE") == Paise{10});
    CHECK(r.tick_of("RELIANCE28NOV241300CE") == kDefaultTick);  // a derivative never takes the stock's
    CHECK(r.tick_of("NIFTY28NOV2424000CE") == Paise{5});
}

TEST_CASE("an order goes to the underlying's exchange, or its F&O segment for a derivative") {
    const Registry r = nifty_and_stocks();
    CHECK(r.exchange_of("NIFTY") == Exchange::NseIndex);
    CHECK(r.exchange_of("NIFTY28NOV2424000CE") == Exchange::Nfo);
    CHECK(r.exchange_of("SENSEX05DEC2480000PE") == Exchange::Bfo);
    CHECK(r.exchange_of("RELIANCE") == Exchange::Nse);
    CHECK(r.exchange_of("RELIANCE28NOV24FUT") == Exchange::Nfo);
    CHECK_FALSE(Registry{}.exchange_of("RELIANCE"));
}

TEST_CASE("the tick of an unknown symbol is NSE's 0.05, and a level lands on the tick grid") {
    Registry r = nifty_and_stocks();
    r.set("IDEA", Instrument{1, 0, Paise{1}, Exchange::Nse});
    CHECK(r.tick_of("IDEA") == Paise{1});
    CHECK(Registry{}.tick_of("ANYTHING") == Paise{5});
    CHECK(on_tick(47105.200000000004, Paise{5}) == 47105.2);
    CHECK(on_tick(100.03, Paise{5}) == 100.05);
    CHECK(on_tick(100.02, Paise{5}) == 100.0);
    CHECK(on_tick(7.123, Paise{1}) == 7.12);
    CHECK(on_tick(1234.4, Paise{100}) == 1234.0);
}

TEST_CASE("orders are sliced strictly below the freeze quantity, in whole lots") {
    const Instrument nifty{65, 1800, Paise{5}, Exchange::NseIndex};
    // 1799 is the largest allowed; in lots of 65 that is 1755.
    CHECK(Registry::freeze_slices(3900, nifty) == std::vector<std::int64_t>{1755, 1755, 390});
    CHECK(Registry::freeze_slices(1755, nifty) == std::vector<std::int64_t>{1755});
    CHECK(Registry::freeze_slices(65, Instrument{65, 0, Paise{5}, Exchange::Nse}) ==
          std::vector<std::int64_t>{65});
    CHECK(Registry::freeze_slices(0, nifty).empty());
    // The freeze quantity itself trips the limit: 900 at 30 a lot allows 29 lots, not 30.
    CHECK(Registry::freeze_slices(900, Instrument{30, 900, Paise{5}, Exchange::NseIndex}) ==
          std::vector<std::int64_t>{870, 30});
    CHECK(Registry::freeze_slices(899, Instrument{1, 900, Paise{5}, Exchange::Nse}) ==
          std::vector<std::int64_t>{899});
}

TEST_CASE("the shipped registry knows the index lots, ticks and exchanges") {
    const Registry r = load_registry("");
    CHECK(r.find("NIFTY")->lot_size == 65);
    CHECK(r.find("BANKNIFTY24JAN2447000CE")->lot_size == 30);
    CHECK(r.find("SENSEX")->lot_size == 20);
    CHECK(r.exchange_of("SENSEX") == Exchange::BseIndex);
    CHECK(r.find("RELIANCE")->lot_size == 1);
    CHECK(r.tick_of("RELIANCE") == Paise{5});
}

TEST_CASE("a user's registry is laid over the shipped one, entry by entry") {
    const auto path = write_temp(R"({"instruments": {"NIFTY": {"freeze_qty": 1700}, "IDEA": {"lot_size": 1,
        "tick_size": 0.01}, "SENSEX": null}, "equity": {"lot_size": 0}})");
    const Registry r = load_registry(path);
    std::remove(path.c_str());
    CHECK(r.find("NIFTY")->lot_size == 65);  // kept from the shipped entry
    CHECK(r.find("NIFTY")->freeze_qty == 1700);
    CHECK(r.tick_of("IDEA") == Paise{1});
    CHECK(r.exchange_of("IDEA") == Exchange::Nse);
    CHECK_FALSE(r.find("SENSEX"));    // removed by the patch
    CHECK_FALSE(r.find("RELIANCE"));  // equity lot 0: unknown stocks are refused
}

TEST_CASE("a registry entry without a lot size, with a sub-paisa tick or an unknown exchange is refused") {
    CHECK_THAT(refusal(R"({"instruments": {"RELIANCE": {"freeze_qty": 100}}})"),
               Catch::Contains("instruments.RELIANCE.lot_size: missing (a lot size is never guessed)"));
    CHECK_THAT(refusal(R"({"instruments": {"USDINR": {"lot_size": 1000, "tick_size": 0.0025}}})"),
               Catch::Contains("instruments.USDINR.tick_size: must be a whole number of paise"));
    CHECK_THAT(refusal(R"({"instruments": {"X": {"lot_size": 1, "exchange": "NYSE"}}})"),
               Catch::Contains("instruments.X.exchange: 'NYSE' is not one of NSE, NFO"));
    CHECK_THAT(refusal(R"({"instruments": {"X": {"lot_size": 1, "lots": 2}}})"), Catch::Contains("lots"));
    CHECK_THAT(refusal(R"({"equity": {"lot_size": -1}})"),
               Catch::Contains("equity.lot_size: must be between"));
}
