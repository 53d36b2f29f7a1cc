// OpenAlgo symbology, read in one place: options, futures, plain symbols (equities and
// indices), and strings that look like derivatives but are not.
#include <catch2/catch.hpp>

#include "instrument/symbology.hpp"

using namespace sos::instrument;
using sos::time::Date;
using sos::vocab::InstrumentKind;
using sos::vocab::OptionRight;

TEST_CASE("an index option reads as its underlying, expiry, strike and right") {
    auto p = parse_symbol("NIFTY28NOV2424000CE");
    REQUIRE(p.kind == InstrumentKind::Option);
    CHECK(p.underlying == "NIFTY");
    CHECK(p.expiry == Date{2024, 11, 28});
    CHECK(p.strike == 24000);
    CHECK(p.right == OptionRight::Call);
    auto put = parse_option("NIFTY25AUG2625950PE");
    REQUIRE(put);
    CHECK(put->underlying == "NIFTY");
    CHECK(put->expiry == Date{2026, 8, 25});
    CHECK(put->right == OptionRight::Put);
}

TEST_CASE("a fractional strike keeps its decimal, and a base with digits keeps them") {
    auto v = parse_option("VEDL25APR24292.5CE");
    REQUIRE(v);
    CHECK(v->underlying == "VEDL");
    CHECK(v->strike == 292.5);
    auto n = parse_option("NIFTYNXT5028NOV2470000CE");
    REQUIRE(n);
    CHECK(n->underlying == "NIFTYNXT50");
    CHECK(n->strike == 70000);
    // A base ending in a date-like block: the date nearest the strike is the expiry.
    auto g = parse_option("726GS203228NOV24100PE");
    REQUIRE(g);
    CHECK(g->underlying == "726GS2032");
    CHECK(g->strike == 100);
}

TEST_CASE("a future reads as its underlying and expiry") {
    auto f = parse_symbol("BANKNIFTY24APR24FUT");
    REQUIRE(f.kind == InstrumentKind::Future);
    CHECK(f.underlying == "BANKNIFTY");
    CHECK(f.expiry == Date{2024, 4, 24});
    CHECK_FALSE(parse_option("NIFTY28NOV24FUT"));
    CHECK(underlying_of("NIFTY28NOV24FUT") == "NIFTY");
}

TEST_CASE("equities and indices are plain symbols and their own underlying") {
    for (const char* s :
         {"NIFTY", "RELIANCE", "INDIAVIX", "M&M", "BAJAJ-AUTO", "NAUKRIPAGE", "ACE", "PRICE"}) {
        INFO(s);
        auto p = parse_symbol(s);
        CHECK(p.kind == InstrumentKind::Plain);
        CHECK(p.underlying == s);
        CHECK(underlying_of(s) == s);
        CHECK_FALSE(parse_option(s));
    }
}

TEST_CASE("strings that only look like derivatives are plain symbols") {
    for (const char* s : {"NIFTY30FEB2424000CE",  // no 30 February
                          "NIFTY28NOX2424000CE",  // no such month
                          "NIFTY28nov2424000CE",  // months are upper case
                          "28NOV2424000CE",       // no underlying before the expiry
                          "NIFTY28NOV24CE",       // no strike
                          "NIFTY28NOV240CE",      // a strike of zero
                          "NIFTY28NOV2424000.CE", "NIFTY28NOV2424.0.5CE", "NIFTY28NOV24A24000CE",
                          "NIFTY28NOV2424000XE",  // neither CE nor PE
                          "28NOV24FUT",           // a future needs an underlying
                          "NIFTY32NOV24FUT",      // no 32nd
                          "NIFTY28NOV24FUTX", "", "FUT", "CE"}) {
        INFO(s);
        auto p = parse_symbol(s);
        CHECK(p.kind == InstrumentKind::Plain);
        CHECK(p.underlying == s);
    }
}

TEST_CASE("option and future symbols are written as OpenAlgo writes them and read back") {
    CHECK(format_option("NIFTY", Date{2024, 11, 28}, 24000, OptionRight::Call) == "NIFTY28NOV2424000CE");
    CHECK(format_option("VEDL", Date{2024, 4, 25}, 292.5, OptionRight::Put) == "VEDL25APR24292.5PE");
    CHECK(format_future("NIFTY", Date{2024, 1, 5}) == "NIFTY05JAN24FUT");
    // A fractional strike of six digits keeps every digit (printf's %g kept six).
    const auto big = format_option("X", Date{2030, 12, 31}, 123456.5, OptionRight::Call);
    CHECK(big == "X31DEC30123456.5CE");
    auto back = parse_option(big);
    REQUIRE(back);
    CHECK(back->strike == 123456.5);
    for (int day : {1, 9, 10, 31}) {
        const Date d{2025, 1, day};
        const std::string option = format_option("BANKNIFTY", d, 51500, OptionRight::Put);
        auto o = parse_option(option);
        REQUIRE(o);
        CHECK(o->expiry == d);
        CHECK(o->underlying == "BANKNIFTY");
        const std::string future = format_future("BANKNIFTY", d);
        CHECK(parse_symbol(future).expiry == d);
    }
}

TEST_CASE("an expiry reads as OpenAlgo writes it in symbols and in answers, in any case") {
    CHECK(parse_expiry_code("28NOV24") == Date{2024, 11, 28});
    CHECK(parse_expiry_code("28-NOV-24") == Date{2024, 11, 28});  // /expiry, master contract
    CHECK(parse_expiry_code("05aug26") == Date{2026, 8, 5});
    CHECK(parse_expiry_code("29FEB28") == Date{2028, 2, 29});  // a leap year
    for (const char* bad : {"31FEB24", "29FEB27", "28NOV2024", "2-8NOV24", "28-NOV24", "28NOX24", "",
                            "28NOV2", "2024-11-28", "28 NOV 24"}) {
        INFO(bad);
        CHECK_FALSE(parse_expiry_code(bad));
    }
    CHECK(format_expiry_code(Date{2026, 8, 5}) == "05AUG26");
}

TEST_CASE("the symbols OpenAlgo's own answers carry read as what they name") {
    // From /optionsorder, /optionsmultiorder and the WebSocket subscribe examples.
    struct Case {
        const char* symbol;
        const char* underlying;
        Date expiry;
        double strike;
        OptionRight right;
    };
    for (const Case& c :
         {Case{"NIFTY25AUG2625950CE", "NIFTY", {2026, 8, 25}, 25950, OptionRight::Call},
          Case{"NIFTY25AUG2626350CE", "NIFTY", {2026, 8, 25}, 26350, OptionRight::Call},
          Case{"NIFTY28AUG2625000CE", "NIFTY", {2026, 8, 28}, 25000, OptionRight::Call},
          Case{"SENSEX05DEC2480000PE", "SENSEX", {2024, 12, 5}, 80000, OptionRight::Put},
          Case{"MIDCPNIFTY30DEC2512500PE", "MIDCPNIFTY", {2025, 12, 30}, 12500, OptionRight::Put}}) {
        INFO(c.symbol);
        auto o = parse_option(c.symbol);
        REQUIRE(o);
        CHECK(o->underlying == c.underlying);
        CHECK(o->expiry == c.expiry);
        CHECK(o->strike == c.strike);
        CHECK(o->right == c.right);
        CHECK(format_option(o->underlying, o->expiry, o->strike, o->right) == c.symbol);
    }
    // The underlying of /optionsorder may itself be a future: its base is the index.
    CHECK(underlying_of("NIFTY28NOV24FUT") == "NIFTY");
    CHECK(kind_of("NIFTY28NOV24FUT") == InstrumentKind::Future);
    for (const char* plain : {"BHEL", "SBIN", "NIFTY", "BANKNIFTY", "SENSEX"}) {
        INFO(plain);
        CHECK(kind_of(plain) == InstrumentKind::Plain);
    }
    // Written another way, they are not OpenAlgo symbols.
    for (const char* other :
         {"nifty28nov2424000ce", "NIFTY28NOV2424000CE ", " NIFTY28NOV24FUT", "NIFTY-28NOV24-FUT",
          "NIFTY2024112824000CE", "NFO:NIFTY28NOV2424000CE", "nifty28NOV24FUT", "NIFTY 28NOV2424000CE"}) {
        INFO(other);
        CHECK(kind_of(other) == InstrumentKind::Plain);
    }
}
